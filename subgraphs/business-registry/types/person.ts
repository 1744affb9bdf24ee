import { Directive, Field, ObjectType } from 'type-graphql';
import { PERSONAL_DATA } from '../../kit/access';

@ObjectType({ description: 'A natural person named in a record (legal representative or operator). Personal data.' })
export class Person {
  @Field(() => String, { nullable: true, description: 'Name (E_BASEINFO.LEREP 法定代表人/经营者).' })
  name!: string | null;

  @Directive(PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Citizen ID number (E_BASEINFO.CERNO 证件号码). Personal data.' })
  idNumber!: string | null;
}
