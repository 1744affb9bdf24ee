import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphFromEnv } from '../kit/subgraph';
import { cooperation } from './server';

runSubgraphFromEnv(cooperation).catch((err: Error) => {
  process.stderr.write(`cooperation failed to start: ${err.message}\n`);
  process.exit(1);
});
