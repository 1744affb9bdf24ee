import { sourceErrors } from '../../kit/subgraph';

/** This source's name, as errors and the supergraph call it. */
export const SOURCE_NAME = 'local-tax';

/**
 * Database failures become SOURCE_UNAVAILABLE / SOURCE_TIMEOUT naming this source. Applied to each
 * resolver class (every field that reaches the database) rather than as a global middleware: a
 * global one also wraps every plain property field in an async call, which doubled the time of a
 * 1,000-representation `_entities` batch.
 */
export const LocalTaxSourceErrors = sourceErrors(SOURCE_NAME);
