import { principalSecretFromEnv } from '../../../shared/principal';
import { LEGACY_SOURCES, LegacySource, SOURCE_INFO, subgraphUrlVariable } from '../../../shared/sources';

/**
 * Where the cooperation subgraph finds the source subgraphs: the same `SUBGRAPH_<NAME>_URL`
 * variables the gateway reads (default: the conventional ports on 127.0.0.1), one timeout per call
 * (`COOPERATION_SOURCE_TIMEOUT_MS`), and the secret it re-signs the caller's principal with.
 */
export interface SourceEndpoints {
  urls: Record<LegacySource, string>;
  /** Per call to a source, milliseconds: below the gateway's own 5 s, so its answer arrives in time. @default 3000 */
  timeoutMs: number;
  principalSecret: string;
}

export const DEFAULT_SOURCE_TIMEOUT_MS = 3000;

/** `national-tax` -> `SUBGRAPH_NATIONAL_TAX_URL`, as the gateway names it. */
/** The variable naming a source subgraph's URL (shared with the gateway). */
export const urlVariable = subgraphUrlVariable;

/** Reads and checks the environment; a bad value throws with the variable's name. */
export function sourceEndpointsFromEnv(env: NodeJS.ProcessEnv = process.env): SourceEndpoints {
  const urls = {} as Record<LegacySource, string>;
  for (const source of LEGACY_SOURCES) {
    const name = urlVariable(source);
    const raw = env[name] || `http://127.0.0.1:${SOURCE_INFO[source].port}/graphql`;
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      // reported below
    }
    if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, got '${raw}'`);
    urls[source] = url.toString();
  }
  const rawTimeout = env.COOPERATION_SOURCE_TIMEOUT_MS;
  const timeoutMs = rawTimeout ? Number(rawTimeout) : DEFAULT_SOURCE_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 120_000) {
    throw new Error(`COOPERATION_SOURCE_TIMEOUT_MS must be an integer between 50 and 120000, got '${rawTimeout}'`);
  }
  return { urls, timeoutMs, principalSecret: principalSecretFromEnv(env) };
}
