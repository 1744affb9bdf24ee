import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../kit/scalars';
import { ChangeItem } from './enums';

@ObjectType({ description: 'One change recorded by the registry (变更信息, E_ALTER).' })
export class RegistrationChange {
  @Field(() => ChangeItem, { description: 'What changed (E_ALTER.ALTITEM).' })
  item!: ChangeItem;

  @Field({ description: "What changed, in the registry's words (变更事项名称)." })
  itemLabel!: string;

  @Field(() => String, { nullable: true, description: 'Value before the change (E_ALTER.ALTBE 变更前).' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'Value after the change (E_ALTER.ALTAF 变更后).' })
  after!: string | null;

  @Field(() => DateScalar, { description: 'Date of the change (E_ALTER.ALTDATE 变更日期).' })
  changedOn!: string;
}
