import { Field, Float, Int, ObjectType } from 'type-graphql';
import { NationalTaxCreditGrade } from './enums';

@ObjectType({ description: "The national tax bureau's tax credit rating for a year (纳税信用评价, XY_NSRXYPJ)." })
export class NationalTaxCreditRating {
  @Field(() => Int, { description: 'Year rated (XY_NSRXYPJ.PJND 评价年度).' })
  year!: number;

  @Field(() => Float, { description: 'Score, one decimal place (XY_NSRXYPJ.PJFS 评价分数).' })
  score!: number;

  @Field(() => NationalTaxCreditGrade, { description: 'Grade (XY_NSRXYPJ.XYDJ_DM 信用等级).' })
  grade!: NationalTaxCreditGrade;
}
