import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { localTax } from './server';

runSubgraphMain(localTax);
