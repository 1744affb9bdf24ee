/**
 * The four legacy sources and the federation's own store: the one place that names their
 * databases, environment variables and default ports, so the launcher, the seed command,
 * the subgraphs and the tests agree.
 */
export const LEGACY_SOURCES = ['national-tax', 'local-tax', 'business-registry', 'treasury-bank'] as const;
export type LegacySource = (typeof LEGACY_SOURCES)[number];

export interface SourceInfo {
  /** The database name used when the launcher or the tests create it. */
  database: string;
  /** The environment variable that points at an existing database. */
  urlVariable: string;
  /** The subgraph's default port (DESIGN.md conventions). */
  port: number;
}

export const SOURCE_INFO: Record<LegacySource, SourceInfo> = {
  'national-tax': { database: 'national_tax', urlVariable: 'NATIONAL_TAX_DATABASE_URL', port: 4001 },
  'local-tax': { database: 'local_tax', urlVariable: 'LOCAL_TAX_DATABASE_URL', port: 4002 },
  'business-registry': { database: 'business_registry', urlVariable: 'BUSINESS_REGISTRY_DATABASE_URL', port: 4003 },
  'treasury-bank': { database: 'treasury_bank', urlVariable: 'TREASURY_BANK_DATABASE_URL', port: 4004 },
};

/** The federation's own database (audit, reconciliation runs): never a legacy one. */
export const FEDERATION_DATABASE = { database: 'taxgraph', urlVariable: 'TAXGRAPH_DATABASE_URL' } as const;

/** The audit subgraph: serves `accessLog` from the audit trail in the federation's database (read only). */
export const AUDIT_SUBGRAPH = { name: 'audit', port: 4006, urlVariable: FEDERATION_DATABASE.urlVariable } as const;

/**
 * The cooperation subgraph: cross-agency logic over the source subgraphs (it calls them over HTTP,
 * `SUBGRAPH_<NAME>_URL`); its own store, for run results, is the federation's database.
 */
export const COOPERATION_SUBGRAPH = { name: 'cooperation', port: 4005, urlVariable: FEDERATION_DATABASE.urlVariable } as const;

export type SourceUrls = Record<LegacySource, string>;

/** The four legacy URLs from the environment, or undefined when none is set; a partial set is an error. */
export function sourceUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): SourceUrls | undefined {
  const set = LEGACY_SOURCES.filter((s) => env[SOURCE_INFO[s].urlVariable]);
  if (set.length === 0) return undefined;
  if (set.length !== LEGACY_SOURCES.length) {
    const missing = LEGACY_SOURCES.filter((s) => !env[SOURCE_INFO[s].urlVariable]).map((s) => SOURCE_INFO[s].urlVariable);
    throw new Error(`Database URLs are set for some sources but not for all: missing ${missing.join(', ')}`);
  }
  return Object.fromEntries(LEGACY_SOURCES.map((s) => [s, env[SOURCE_INFO[s].urlVariable] as string])) as SourceUrls;
}

/** Every subgraph by name: the four sources, then audit and cooperation. */
export const SUBGRAPH_NAMES = [...LEGACY_SOURCES, AUDIT_SUBGRAPH.name, COOPERATION_SUBGRAPH.name] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** `national-tax` -> `NATIONAL_TAX`: the part of a per-subgraph variable's name that names it. */
export const subgraphEnvKey = (subgraph: string): string => subgraph.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** `SUBGRAPH_<NAME>_URL`: where the gateway (and cooperation, for the sources) reaches a subgraph. */
export const subgraphUrlVariable = (subgraph: string): string => `SUBGRAPH_${subgraphEnvKey(subgraph)}_URL`;
