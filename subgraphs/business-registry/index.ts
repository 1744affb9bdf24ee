import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { businessRegistry } from './server';

runSubgraphMain(businessRegistry);
