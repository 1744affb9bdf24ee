/**
 * The benchmarks' operations, one per kind of user, and the principals they run as. Shared by the
 * load generator (bench/gateways.ts, bench/drill.ts) and the no-federation monolith
 * (bench/monolith.ts), which answers the 360 view alone.
 */
import type { Principal } from '../shared/principal';

/** The taxpayer 360 view (all four sources), as the e2e tests and drills ask it. */
export { Q360 } from '../dev/taxpayers';

/** An analyst's page of 100 registry records with fields from the registry, national tax and local tax. */
export const ANALYST_PAGE = `query AnalystPage($after: String, $filter: RegistrationFilter) {
  registrations(first: 100, after: $after, filter: $filter) {
    edges {
      node {
        id uscc name status establishedOn
        taxpayer {
          nationalTax { status taxpayerType taxOffice { code } registeredOn }
          localTax { status registeredOn }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The principals, as taxgraph's gateway derives them from the benchmark's tokens (roles grant taxpayer:read, banks nothing). */
export const PRINCIPALS = {
  app: { sub: 'bench-app', role: 'app', scopes: ['taxpayer:read', 'pii:read'] },
  analyst: { sub: 'bench-analyst', role: 'analyst', scopes: ['taxpayer:read'] },
  bank: (bank: string): Principal => ({ sub: 'bench-bank', role: 'bank', bank, scopes: [] }),
} satisfies Record<string, Principal | ((bank: string) => Principal)>;
