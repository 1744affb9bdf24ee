// First: tracing (when the OTEL_* variables ask for it) is on before any module that logs or queries is loaded (loggers and databases read it when made).
import { startProcessTracing } from '../../shared/tracing';
startProcessTracing('taxgraph-audit');
import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { audit } from './server';

runSubgraphMain(audit);
