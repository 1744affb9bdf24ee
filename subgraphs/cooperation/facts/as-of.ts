import { badUserInput } from '../../../shared/errors';

/**
 * The day the rules count from ("abnormal for more than three months", "deducted three days ago"):
 * `TAXGRAPH_AS_OF` (YYYY-MM-DD) when the legacy data stands at a fixed day (a snapshot, the seeded
 * data), else today in China. A query may ask for another day.
 */
export function defaultAsOf(env: NodeJS.ProcessEnv = process.env, now = new Date()): string {
  const configured = env.TAXGRAPH_AS_OF?.trim();
  if (configured) {
    if (!isDay(configured)) throw new Error(`TAXGRAPH_AS_OF must be a date YYYY-MM-DD, got '${configured}'`);
    return configured;
  }
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function isDay(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
}

/** The as-of argument of a query, or the default. */
export function asOfArgument(value: string | null | undefined): string {
  if (value === null || value === undefined) return defaultAsOf();
  if (!isDay(value)) throw badUserInput(`asOf must be a date YYYY-MM-DD, got '${value}'`, { argument: 'asOf' });
  return value;
}
