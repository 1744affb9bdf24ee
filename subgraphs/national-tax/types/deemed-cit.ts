import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A deemed-profit CIT assessment for a year (企业所得税核定征收, SDS_HDZSXX).' })
export class NationalTaxDeemedCit {
  @Field(() => Int, { description: 'Year assessed (SDS_HDZSXX.ND 年度).' })
  year!: number;

  @Field({ description: 'Deemed income rate as a decimal fraction string, e.g. "0.10" for 10% (SDS_HDZSXX.YSSDL 应税所得率).' })
  deemedIncomeRate!: string;
}

@ObjectType({
  description:
    'How many registrations in one area and industry were assessed one deemed income rate for a year (task 5: similar enterprises in one ' +
    'area should get the same rate).',
})
export class NationalTaxDeemedCitRateCount {
  @Field({
    description:
      'Deemed income rate as a decimal fraction string, written as NationalTaxDeemedCit.deemedIncomeRate is (SDS_HDZSXX.YSSDL 应税所得率).',
  })
  rate!: string;

  @Field(() => Int, { description: 'Registrations (DJ_NSRXX records) assessed at this rate.' })
  taxpayers!: number;
}
