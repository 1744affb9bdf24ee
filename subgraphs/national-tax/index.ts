import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { nationalTax } from './server';

runSubgraphMain(nationalTax);
