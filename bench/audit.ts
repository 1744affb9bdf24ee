/**
 * `npm run bench -- audit [--taxpayers N] [--connections C] [--seconds S] [--rounds R] [--warmup W]`: what the
 * audit trail costs. Two gateways over the same subgraphs and databases, identical but for the
 * trail: A records every operation (a durable, hash-chained record before each response), B runs
 * with `TAXGRAPH_AUDIT=off` (honoured only with NODE_ENV=development, so production cannot run
 * unaudited). autocannon drives each at C connections for S seconds, alternating A B A B so drift
 * (caches, the machine's other work) falls on both; the table gives requests/s, p50 and p99 per
 * round, and the ratio of A's throughput to B's. Uses BENCH_DATABASE_URL (a server where it may
 * create and drop databases) or a throwaway embedded PostgreSQL (durable commits: fsync on).
 */
import { issueDevToken } from '../gateway/auth/tokens';
import { Launched, stopProcesses, waitForHealth } from '../dev/launch';
import { freePort } from '../dev/ports';
import { seedAll } from '../seeds/seed';
import {
  benchDatabases,
  cannon,
  cleanupLater,
  cpuTimeMs,
  loadOptions,
  Measure as Load,
  startProcess,
  startSubgraphs,
  SubgraphStack,
} from './support';

const QUERY = 'query BenchRead($uscc: USCC!) { taxpayer(uscc: $uscc) { uscc name registration { status } nationalTax { status } } }';

interface Measure extends Load {
  label: string;
  /** The gateway process's CPU time per request, milliseconds (robust against the machine's other load). */
  cpuMs?: number;
}

async function measure(label: string, url: string, token: string, usccs: string[], connections: number, seconds: number): Promise<Measure> {
  const m = await cannon({
    url,
    connections,
    seconds,
    headers: () => ({ authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' }),
    bodies: usccs.map((uscc) => JSON.stringify({ query: QUERY, variables: { uscc } })),
  });
  return { label, ...m };
}

export async function run(args: string[]): Promise<void> {
  const { taxpayers, connections, seconds, rounds, warmup } = loadOptions(args, {
    taxpayers: 2000,
    connections: 20,
    seconds: 15,
    rounds: 3,
    warmup: 10,
  });

  const dbs = await benchDatabases('audit');
  const { sources, federation } = dbs;
  const children: Launched[] = [];
  const stopGateways = cleanupLater(() => stopProcesses(children));
  let stack: SubgraphStack | undefined;
  try {
    process.stderr.write(`seeding ${taxpayers} taxpayers...\n`);
    const { manifest } = await seedAll({ taxpayers, seed: 42, urls: sources });
    const usccs = manifest.identities.ENTERPRISE.map((e) => e.uscc)
      .filter((u): u is string => !!u)
      .slice(0, 50);

    stack = await startSubgraphs(dbs);
    const jwtSecret = stack.secrets.JWT_SECRET;
    const gatewayEnv: NodeJS.ProcessEnv = { ...stack.secrets, ...stack.gatewayEnv };

    const gateways: Record<'A' | 'B', string> = { A: '', B: '' };
    const pids: Record<'A' | 'B', number | undefined> = { A: undefined, B: undefined };
    const variants: Record<'A' | 'B', NodeJS.ProcessEnv> = {
      A: { TAXGRAPH_DATABASE_URL: federation },
      B: { NODE_ENV: 'development', TAXGRAPH_AUDIT: 'off' },
    };
    for (const v of ['A', 'B'] as const) {
      const port = await freePort();
      const proc = startProcess('gateway/main.js', { ...gatewayEnv, ...variants[v], PORT: String(port) }, { label: `gateway ${v}` });
      children.push(proc);
      await waitForHealth(`http://127.0.0.1:${port}/health`, proc);
      gateways[v] = `http://127.0.0.1:${port}/graphql`;
      pids[v] = proc.child.pid;
    }
    const token = await issueDevToken({ role: 'app', subject: 'bench', scopes: ['pii:read'] }, new TextEncoder().encode(jwtSecret));

    process.stderr.write(`warming up both gateways...\n`);
    for (const v of ['A', 'B'] as const) await measure(v, gateways[v], token, usccs, connections, warmup);

    const results: Measure[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const v of ['A', 'B'] as const) {
        process.stderr.write(`round ${round}: ${v === 'A' ? 'A (audit on)' : 'B (audit off)'} for ${seconds} s...\n`);
        const cpuBefore = cpuTimeMs(pids[v]);
        const m = await measure(`${v}${round}`, gateways[v], token, usccs, connections, seconds);
        const cpuAfter = cpuTimeMs(pids[v]);
        if (cpuBefore !== undefined && cpuAfter !== undefined) m.cpuMs = (cpuAfter - cpuBefore) / m.requests;
        results.push(m);
      }
    }
    const on = results.filter((r) => r.label.startsWith('A'));
    const off = results.filter((r) => r.label.startsWith('B'));
    const sum = (ms: Measure[], f: (m: Measure) => number) => ms.reduce((s, m) => s + f(m), 0);
    const rate = (ms: Measure[]) => sum(ms, (m) => m.requests) / (ms.length * seconds);
    const mean = (ms: Measure[], f: (m: Measure) => number) => sum(ms, f) / ms.length;
    const ratio = rate(on) / rate(off);

    const { rows: audited } = await (async () => {
      const { Client } = await import('pg');
      const c = new Client({ connectionString: federation });
      await c.connect();
      try {
        return await c.query<{ n: string; commits: string }>(`SELECT count(*) AS n, count(DISTINCT xmin::text) AS commits FROM audit_log`);
      } finally {
        await c.end();
      }
    })();

    const out = process.stdout;
    out.write(`\nbench audit: ${taxpayers} taxpayers, ${connections} connections, ${seconds} s per run, A B alternating x${rounds}\n`);
    out.write(
      `  ${'run'.padEnd(18)}${['requests/s', 'p50 ms', 'p99 ms', 'failures', 'gw CPU ms/req'].map((h) => h.padStart(14)).join('')}\n`,
    );
    for (const r of results) {
      const name = `${r.label[0] === 'A' ? 'A audit on ' : 'B audit off'} #${r.label.slice(1)}`;
      out.write(
        `  ${name.padEnd(18)}${[r.rps.toFixed(0), r.p50.toFixed(0), r.p99.toFixed(0), String(r.errors), r.cpuMs?.toFixed(2) ?? '-'].map((c) => c.padStart(14)).join('')}\n`,
      );
    }
    const cpu = (ms: Measure[]) => (ms.every((m) => m.cpuMs !== undefined) ? mean(ms, (m) => m.cpuMs!).toFixed(2) : '-');
    out.write(
      `  ${'A mean'.padEnd(18)}${[rate(on).toFixed(0), mean(on, (m) => m.p50).toFixed(1), mean(on, (m) => m.p99).toFixed(1), '', cpu(on)].map((c) => c.padStart(14)).join('')}\n`,
    );
    out.write(
      `  ${'B mean'.padEnd(18)}${[rate(off).toFixed(0), mean(off, (m) => m.p50).toFixed(1), mean(off, (m) => m.p99).toFixed(1), '', cpu(off)].map((c) => c.padStart(14)).join('')}\n`,
    );
    out.write(
      `  throughput ratio A/B: ${ratio.toFixed(3)} (the audit trail costs ${((1 - ratio) * 100).toFixed(1)}% of throughput; goal: under 15%)\n`,
    );
    out.write(
      `  audit records written: ${audited[0].n} in ${audited[0].commits} commits (${(Number(audited[0].n) / Number(audited[0].commits)).toFixed(1)} records per commit)\n`,
    );
  } finally {
    await stopGateways();
    await stack?.stop();
    await dbs.cleanup();
  }
}
