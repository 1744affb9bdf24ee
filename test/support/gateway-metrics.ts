/**
 * What a gateway process says at /metrics, for tests that count what happened instead of timing it:
 * the calls it sent to subgraphs, the state of a subgraph's circuit.
 */
import type { Proc } from './processes';

async function metricsOf(gateway: Proc): Promise<string> {
  return (await fetch(gateway.url.replace('/graphql', '/metrics'))).text();
}

/** How many requests the gateway has sent to subgraphs so far (every subgraph, every outcome). */
export async function subgraphCalls(gateway: Proc): Promise<number> {
  const text = await metricsOf(gateway);
  return [...text.matchAll(/^taxgraph_subgraph_request_duration_seconds_count\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

/** A subgraph's circuit as the gateway's gauge reports it: 0 closed, 1 half-open, 2 open. */
export async function circuitState(gateway: Proc, subgraph: string): Promise<number | undefined> {
  const m = new RegExp(`^taxgraph_circuit_state\\{subgraph="${subgraph}"\\} (\\d)$`, 'm').exec(await metricsOf(gateway));
  return m ? Number(m[1]) : undefined;
}
