import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A deemed-profit CIT assessment for a year (企业所得税核定征收, SDS_HDZSXX).' })
export class NationalTaxDeemedCit {
  @Field(() => Int, { description: 'Year assessed (SDS_HDZSXX.ND 年度).' })
  year!: number;

  @Field({ description: 'Deemed income rate as a decimal fraction string, e.g. "0.10" for 10% (SDS_HDZSXX.YSSDL 应税所得率).' })
  deemedIncomeRate!: string;
}
