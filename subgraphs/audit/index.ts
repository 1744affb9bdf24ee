// First, before anything loads pg: tracing (when the OTEL_* variables ask for it) patches pg as it loads.
import { startProcessTracing } from '../../shared/tracing';
startProcessTracing('taxgraph-audit');
import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { audit } from './server';

runSubgraphMain(audit);
