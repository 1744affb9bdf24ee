import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalTaxCreditGrade } from './enums';

@ObjectType({
  description:
    "The local bureau's tax credit rating for a year (纳税信用等级评定, XYPJ); the joint rating takes the lower of the two bureaus' grades.",
})
export class LocalTaxCreditRating {
  @Field(() => Int, { description: 'Year rated (XYPJ.ND 年度).' })
  year!: number;

  @Field(() => Float, { description: 'Score out of 100, one decimal (XYPJ.DF 得分).' })
  score!: number;

  @Field(() => LocalTaxCreditGrade, { nullable: true, description: 'Grade (XYPJ.DJ 等级); null only for a letter outside A B M C D.' })
  grade!: LocalTaxCreditGrade | null;
}
