import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { treasuryBank } from './server';

runSubgraphMain(treasuryBank);
