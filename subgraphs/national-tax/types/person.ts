import { Directive, Field, ObjectType } from 'type-graphql';
import { PERSONAL_DATA, PERSONAL_DATA_NAME } from '../../kit/access';

/** Personal data lives in this one type; `@personalData` has kit/access.ts mask it. */
@ObjectType({ description: 'The legal representative or owner of a national-tax record (法定代表人/业主, DJ_NSRXX). Personal data.' })
export class NationalTaxPerson {
  @Directive(PERSONAL_DATA_NAME)
  @Field(() => String, {
    nullable: true,
    description:
      'Name (DJ_NSRXX.FDDBRXM 法定代表人(业主)姓名). Personal data: without pii:read only the first character (the surname) shows.',
  })
  name!: string | null;

  @Directive(PERSONAL_DATA)
  @Field(() => String, {
    nullable: true,
    description: 'Identity document number, usually a citizen ID (DJ_NSRXX.FDDBRSFZJHM 身份证件号码). Personal data.',
  })
  idNumber!: string | null;
}
