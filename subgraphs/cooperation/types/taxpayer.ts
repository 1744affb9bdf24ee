import { Taxpayer as TaxpayerKey, taxpayerEntity } from '../../kit/taxpayer';

/** This subgraph's Taxpayer entity class (kit/taxpayer.ts says why each subgraph takes its own). */
export const Taxpayer = taxpayerEntity();
export type Taxpayer = TaxpayerKey;
