import { Field, Int, ObjectType } from 'type-graphql';
import { MoneyScalar, YearMonthScalar } from '../../kit/scalars';

@ObjectType({
  simpleResolvers: true,
  description:
    'What TIPS carried into the treasury in one month, for one tax, area and budget subject (TaxPayment with a TreasuryEntry, summed in ' +
    "SQL; refunds not netted): the third column of the exchange of revenue figures, beside the two bureaus' books.",
})
export class TreasuryRevenue {
  @Field({ description: 'Levy item code (TaxPayment.TaxTypeCode 征收项目), e.g. 10101 增值税.' })
  levyItemCode!: string;

  @Field({ description: "The levying tax office's division, 6 digits (TaxPayment.TaxOrgCode characters 2-7)." })
  division!: string;

  @Field(() => YearMonthScalar, { description: 'Month it entered the treasury (TreasuryEntry.TreDate 入库日期).' })
  month!: string;

  @Field({ description: 'Budget subject (TaxPayment.BudgetSubjectCode 预算科目).' })
  budgetSubjectCode!: string;

  @Field(() => MoneyScalar, { description: 'In the treasury, yuan (SUM of TaxPayment.TraAmt).' })
  amount!: string;

  @Field(() => Int, { description: 'Payments summed.' })
  vouchers!: number;
}
