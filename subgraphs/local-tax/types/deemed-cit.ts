import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A deemed-profit CIT assessment for a year (企业所得税核定征收, SDS_HD): similar enterprises in one area should get the same rate.',
})
export class LocalTaxDeemedCit {
  @Field(() => Int, { description: 'Year assessed for (SDS_HD.ND 年度).' })
  year!: number;

  @Field({ description: 'Deemed taxable income rate as a decimal string, e.g. "0.1000" for 10% (SDS_HD.YSSDL 应税所得率).' })
  deemedIncomeRate!: string;
}

@ObjectType({
  description:
    'How many registrations in one area and industry were assessed one deemed income rate for a year (task 5: similar enterprises in one ' +
    'area should get the same rate).',
})
export class LocalTaxDeemedCitRateCount {
  @Field({
    description:
      'Deemed taxable income rate as a decimal string, written as LocalTaxDeemedCit.deemedIncomeRate is (SDS_HD.YSSDL 应税所得率).',
  })
  rate!: string;

  @Field(() => Int, { description: 'Registrations (SWDJ records) assessed at this rate.' })
  taxpayers!: number;
}
