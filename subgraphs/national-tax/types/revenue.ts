import { Field, Int, ObjectType } from 'type-graphql';
import { MoneyScalar, YearMonthScalar } from '../../kit/scalars';

@ObjectType({
  simpleResolvers: true,
  description:
    'What national tax booked as paid in one month, for one levy item, area and budget subject: its levy records (ZS_YJSF) summed in SQL. ' +
    "One column of the exchange of revenue figures (税收会计、统计报表数据), which cooperation's revenueExchange lays beside the other sources.",
})
export class NationalTaxRevenue {
  @Field({ description: 'Levy item code (ZS_YJSF.ZSXM_DM 征收项目), e.g. 10101 增值税.' })
  levyItemCode!: string;

  @Field({ description: "The registration's division, 6 digits (DJ_NSRXX.XZQH_DM 行政区划)." })
  division!: string;

  @Field(() => YearMonthScalar, { description: 'Month paid (ZS_YJSF.JKRQ 缴款日期).' })
  month!: string;

  @Field({ description: 'Budget subject (ZS_YJSF.YSKM_DM 预算科目); empty when the record has none.' })
  budgetSubjectCode!: string;

  @Field(() => MoneyScalar, { description: 'Paid, yuan (SUM of ZS_YJSF.SJJE 实缴金额).' })
  amount!: string;

  @Field(() => MoneyScalar, { description: 'Of that, paid through TIPS (缴款方式 01), yuan: what the treasury should show through TIPS.' })
  throughTips!: string;

  @Field(() => Int, { description: 'Levy records summed.' })
  vouchers!: number;
}
