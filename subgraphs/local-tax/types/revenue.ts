import { Field, Int, ObjectType } from 'type-graphql';
import { MoneyScalar, YearMonthScalar } from '../../kit/scalars';
import { LocalTaxType } from './enums';

@ObjectType({
  simpleResolvers: true,
  description:
    'What local tax booked as collected in one month, for one tax, area and budget subject: its payment ledger (SP_JK) summed in SQL. One ' +
    "column of the exchange of revenue figures (税收会计、统计报表数据), which cooperation's revenueExchange lays beside the other sources.",
})
export class LocalTaxRevenue {
  @Field({ description: 'Levy item code as TIPS carries it (征收项目, e.g. 10103 营业税), mapped from SP_JK.SZDM.' })
  levyItemCode!: string;

  @Field(() => LocalTaxType, {
    nullable: true,
    description: "This bureau's tax type (SP_JK.SZDM 税种); null only for a code outside the scheme.",
  })
  taxType!: LocalTaxType | null;

  @Field({ description: "The registration's division, 6 digits (SWDJ.XZQH 行政区划)." })
  division!: string;

  @Field(() => YearMonthScalar, { description: 'Month paid (SP_JK.JKRQ 缴款日期).' })
  month!: string;

  @Field({ description: 'Budget subject (SP_JK.YSKM 预算科目).' })
  budgetSubjectCode!: string;

  @Field(() => MoneyScalar, { description: 'Booked as collected, yuan (SUM of SP_JK.SJJE).' })
  amount!: string;

  @Field(() => MoneyScalar, { description: 'Of that, paid through TIPS (缴款方式 1), yuan: what the treasury should show through TIPS.' })
  throughTips!: string;

  @Field(() => Int, { description: 'Vouchers summed.' })
  vouchers!: number;
}
