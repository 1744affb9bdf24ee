import { Directive, Field, ObjectType } from 'type-graphql';
import { PERSONAL_DATA, PERSONAL_DATA_NAME } from '../../kit/access';

@ObjectType({
  description: 'The legal representative or owner named in a local tax registration (法人代表/业主, SWDJ.FRXM, FRZJHM). Personal data.',
})
export class LocalTaxPerson {
  @Directive(PERSONAL_DATA_NAME)
  @Field(() => String, {
    nullable: true,
    description: 'Name (SWDJ.FRXM 法人代表/业主姓名). Personal data: without pii:read only the first character (the surname) shows.',
  })
  name!: string | null;

  @Directive(PERSONAL_DATA)
  @Field(() => String, {
    nullable: true,
    description: 'Citizen ID number (SWDJ.FRZJHM 法人证件号码), half-width, upper case. Personal data.',
  })
  idNumber!: string | null;
}
