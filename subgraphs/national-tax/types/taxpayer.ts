import { Directive, Field, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../kit/scalars';

@Directive('@key(fields: "uscc")')
@ObjectType({ description: 'A taxpayer, identified by its unified social credit code; each source contributes what it knows.' })
export class Taxpayer {
  @Field(() => UsccScalar, { description: 'Unified social credit code (统一社会信用代码).' })
  uscc!: string;
}
