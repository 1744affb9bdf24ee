/**
 * Flags for the node process that runs the gateway; dev/launch.ts reads them from the compiled tree
 * it starts (so a comparison with another commit runs that commit's gateway with that commit's flags),
 * and operators give them on their own command line (docs/operators.md).
 *
 * A larger young generation: a request/response server makes short-lived garbage at every request
 * (parsed bodies, query plans' results, merged responses), and with V8's default 16 MB semi-space it
 * scavenges every few requests and promotes what is merely in flight at the time.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
