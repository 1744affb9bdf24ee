import 'reflect-metadata';
import { runSubgraphFromEnv } from '../kit/subgraph';
import { localTax } from './server';

runSubgraphFromEnv(localTax).catch((err: Error) => {
  process.stderr.write(`local-tax failed to start: ${err.message}\n`);
  process.exit(1);
});
