import 'reflect-metadata';
import { runSubgraphMain } from '../kit/subgraph';
import { businessRegistry } from './server';

runSubgraphMain(businessRegistry);
