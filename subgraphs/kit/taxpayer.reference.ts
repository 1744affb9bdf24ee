import { badUserInput } from '../../shared/errors';
import { validateUscc } from '../../shared/identifiers';
import type { Taxpayer } from './taxpayer';

/**
 * Every subgraph's `Taxpayer.__resolveReference`. A representation carries only the key: the fields
 * load lazily through the request's loaders, so a batch of representations costs one query per
 * field. A representation bypasses the USCC scalar, so its key is checked here, with the message the
 * scalar gives: a malformed one is BAD_USER_INPUT and never reaches a database. It is answered as a
 * rejected promise, not thrown: `@apollo/subgraph` calls this inside its map over the batch, where a
 * throw would fail every entity of it, while a rejection fails that entity alone.
 */
export const taxpayerReference = {
  __resolveReference(reference: { uscc?: unknown; [field: string]: unknown }): Taxpayer | Promise<never> {
    const { uscc } = reference;
    const check = typeof uscc === 'string' ? validateUscc(uscc) : { valid: false, reason: 'expected a string' };
    // Fields a subgraph @requires arrive beside the key: they stay on the taxpayer for its resolvers.
    if (check.valid || (check as { pilot?: boolean }).pilot) return { ...reference, uscc: uscc as string };
    return Promise.reject(badUserInput(`Invalid USCC '${String(uscc).slice(0, 40)}': ${check.reason}`, { scalar: 'USCC' }));
  },
};
