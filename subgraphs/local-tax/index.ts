import 'reflect-metadata';
import { runSubgraphMain } from '../kit/subgraph';
import { localTax } from './server';

runSubgraphMain(localTax);
