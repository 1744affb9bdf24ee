import 'reflect-metadata';
import { runSubgraphMain } from '../kit/subgraph';
import { audit } from './server';

runSubgraphMain(audit);
