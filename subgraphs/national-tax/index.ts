import 'reflect-metadata';
import { runSubgraphMain } from '../kit/subgraph';
import { nationalTax } from './server';

runSubgraphMain(nationalTax);
