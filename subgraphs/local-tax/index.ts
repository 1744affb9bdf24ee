// First, before anything loads pg: tracing (when the OTEL_* variables ask for it) patches pg as it loads.
import { startProcessTracing } from '../../shared/tracing';
startProcessTracing('taxgraph-local-tax');
import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { localTax } from './server';

runSubgraphMain(localTax);
