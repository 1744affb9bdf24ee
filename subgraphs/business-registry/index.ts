import 'reflect-metadata';
import { runSubgraphFromEnv } from '../kit/subgraph';
import { businessRegistry } from './server';

runSubgraphFromEnv(businessRegistry).catch((err: Error) => {
  process.stderr.write(`business-registry failed to start: ${err.message}\n`);
  process.exit(1);
});
