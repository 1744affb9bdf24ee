import 'reflect-metadata';
import '../../shared/graphql-mode';
import { runSubgraphMain } from '../kit/subgraph';
import { audit } from './server';

runSubgraphMain(audit);
