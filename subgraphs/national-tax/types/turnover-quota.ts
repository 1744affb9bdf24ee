import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';

@ObjectType({
  description: "An individual business's fixed turnover quota for a year, as the national tax bureau assessed it (核定定额, HD_DEXX).",
})
export class NationalTaxTurnoverQuota {
  @Field(() => Int, { description: 'Year the quota applies to (HD_DEXX.ND 年度).' })
  year!: number;

  @Field(() => MoneyScalar, { description: 'Assessed monthly turnover (HD_DEXX.YDXSE 月定销售额), yuan.' })
  monthlyTurnover!: string;

  @Field(() => DateScalar, { description: 'Date assessed (HD_DEXX.HDRQ 核定日期).' })
  assessedOn!: string;
}
