import 'reflect-metadata';
import { runSubgraphFromEnv } from '../kit/subgraph';
import { treasuryBank } from './server';

runSubgraphFromEnv(treasuryBank).catch((err: Error) => {
  process.stderr.write(`treasury-bank failed to start: ${err.message}\n`);
  process.exit(1);
});
