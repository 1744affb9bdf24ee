// First: tracing (when the OTEL_* variables ask for it) is on before any module that logs or queries is loaded (loggers and databases read it when made).
import { startProcessTracing } from '../../shared/tracing';
startProcessTracing('taxgraph-cooperation');
import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphFromEnv } from '../kit/subgraph';
import { activePractice } from './rules/practice';
import { cooperation } from './server';

// The rules of practice are checked before listening: a bad table stops the start with its reason.
Promise.resolve()
  .then(() => activePractice())
  .then(() => runSubgraphFromEnv(cooperation))
  .catch((err: Error) => {
    process.stderr.write(`cooperation failed to start: ${err.message}\n`);
    process.exit(1);
  });
