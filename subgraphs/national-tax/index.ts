import 'reflect-metadata';
import { runSubgraphFromEnv } from '../kit/subgraph';
import { nationalTax } from './server';

runSubgraphFromEnv(nationalTax).catch((err: Error) => {
  process.stderr.write(`national-tax failed to start: ${err.message}\n`);
  process.exit(1);
});
