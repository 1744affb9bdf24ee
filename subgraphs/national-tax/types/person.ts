import { Field, ObjectType } from 'type-graphql';

/** Personal data lives in this one type so masking can be added in one place. */
@ObjectType({ description: 'The legal representative or owner of a national-tax record (法定代表人/业主, DJ_NSRXX). Personal data.' })
export class NationalTaxPerson {
  @Field(() => String, { nullable: true, description: 'Name (DJ_NSRXX.FDDBRXM 法定代表人(业主)姓名). Personal data.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Identity document number, usually a citizen ID (DJ_NSRXX.FDDBRSFZJHM 身份证件号码). Personal data.' })
  idNumber!: string | null;
}
