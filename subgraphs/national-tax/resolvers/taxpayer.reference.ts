import type { Taxpayer } from '../types/taxpayer';

/** A representation carries only the key: the fields load lazily through the request's loaders, so a batch of representations costs one query per field. */
export const taxpayerReference = {
  __resolveReference(reference: { uscc: string }): Taxpayer {
    return { uscc: reference.uscc };
  },
};
