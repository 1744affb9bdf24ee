// First: tracing (when the OTEL_* variables ask for it) is on before any module that logs or queries is loaded (loggers and databases read it when made).
import { startProcessTracing } from '../../shared/tracing';
startProcessTracing('taxgraph-treasury-bank');
import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { treasuryBank } from './server';

runSubgraphMain(treasuryBank);
