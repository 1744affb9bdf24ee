import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../kit/scalars';
import { NationalTaxChangeItem } from './enums';

@ObjectType({ description: 'One change of a national-tax registration, migration out included (变更登记, DJ_BGDJ).' })
export class NationalTaxRegistrationChange {
  @Field(() => NationalTaxChangeItem, { description: 'What changed (DJ_BGDJ.BGXMMC 变更项目).' })
  item!: NationalTaxChangeItem;

  @Field({ description: "What changed, in the bureau's words (DJ_BGDJ.BGXMMC)." })
  itemLabel!: string;

  @Field(() => String, { nullable: true, description: 'Value before the change (DJ_BGDJ.BGQNR 变更前内容).' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'Value after the change (DJ_BGDJ.BGHNR 变更后内容).' })
  after!: string | null;

  @Field(() => DateScalar, { description: 'Date of the change (DJ_BGDJ.BGRQ 变更日期).' })
  changedOn!: string;
}
