import { badUserInput } from '../../../shared/errors';
import { validateUscc } from '../../../shared/identifiers';
import type { Taxpayer } from '../types/taxpayer';

/**
 * A representation carries only the key: the fields load lazily through the request's loaders, so
 * a batch of representations costs one query per field. A representation bypasses the USCC
 * scalar, so its key is checked here, with the same message the scalar gives.
 */
export const taxpayerReference = {
  __resolveReference(reference: { uscc: string }): Taxpayer {
    const uscc = reference.uscc;
    const check = typeof uscc === 'string' ? validateUscc(uscc) : { valid: false, reason: 'expected a string' };
    if (!check.valid) throw badUserInput(`Invalid USCC '${String(uscc).slice(0, 40)}': ${check.reason}`, { scalar: 'USCC' });
    return { uscc };
  },
};
