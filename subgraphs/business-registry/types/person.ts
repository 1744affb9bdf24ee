import { Directive, Field, ObjectType } from 'type-graphql';
import { PERSONAL_DATA, PERSONAL_DATA_NAME } from '../../kit/access';

@ObjectType({ description: 'A natural person named in a record (legal representative or operator). Personal data.' })
export class Person {
  @Directive(PERSONAL_DATA_NAME)
  @Field(() => String, {
    nullable: true,
    description: 'Name (E_BASEINFO.LEREP 法定代表人/经营者). Personal data: without pii:read only the first character (the surname) shows.',
  })
  name!: string | null;

  @Directive(PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Citizen ID number (E_BASEINFO.CERNO 证件号码). Personal data.' })
  idNumber!: string | null;
}
