// First, before anything loads pg: tracing (when the OTEL_* variables ask for it) patches pg as it loads.
import { startProcessTracing } from '../../shared/tracing';
startProcessTracing('taxgraph-national-tax');
import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { nationalTax } from './server';

runSubgraphMain(nationalTax);
