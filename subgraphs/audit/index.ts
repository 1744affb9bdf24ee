import 'reflect-metadata';
import { runSubgraphFromEnv } from '../kit/subgraph';
import { audit } from './server';

runSubgraphFromEnv(audit).catch((err: Error) => {
  process.stderr.write(`audit failed to start: ${err.message}\n`);
  process.exit(1);
});
