import { Directive, Field, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../kit/scalars';

/**
 * The taxpayer as a reference: cooperation answers which USCC a legacy id stands for and adds no
 * field of its own here, so the key is not resolvable through this subgraph (the sources resolve it).
 */
@Directive('@key(fields: "uscc", resolvable: false)')
@ObjectType({ description: 'A taxpayer, identified by its unified social credit code; each source contributes what it knows.' })
export class Taxpayer {
  @Field(() => UsccScalar, { description: 'Unified social credit code (统一社会信用代码).' })
  uscc!: string;
}
