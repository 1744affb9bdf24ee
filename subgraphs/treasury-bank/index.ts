import 'reflect-metadata';
import { runSubgraphMain } from '../kit/subgraph';
import { treasuryBank } from './server';

runSubgraphMain(treasuryBank);
