import { Directive, Field, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../kit/scalars';

/**
 * The taxpayer, to which cooperation adds its cross-agency fields (findings, joint credit rating),
 * computed live from the sources' records. The key alone: every other field is a source's.
 */
@Directive('@key(fields: "uscc")')
@ObjectType({ description: 'A taxpayer, identified by its unified social credit code; each source contributes what it knows.' })
export class Taxpayer {
  @Field(() => UsccScalar, { description: 'Unified social credit code (统一社会信用代码).' })
  uscc!: string;
}

export const taxpayerReference = {
  __resolveReference(reference: { uscc: string }): Taxpayer {
    return { uscc: reference.uscc };
  },
};
