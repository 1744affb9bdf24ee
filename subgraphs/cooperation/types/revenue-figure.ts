import { Field, ObjectType } from 'type-graphql';
import { MoneyScalar, YearMonthScalar } from '../../kit/scalars';

@ObjectType({
  simpleResolvers: true,
  description:
    'One line of the exchange of revenue figures (定期交换税收会计、统计及计划报表数据, the seed notice): for one tax, area, month and budget ' +
    "subject, what each bureau booked as collected and what TIPS carried into the treasury, side by side. Each source's column is summed by " +
    'that source in SQL (nationalTaxRevenue, localTaxRevenue, treasuryRevenue). A source that could not be asked leaves its columns null.',
})
export class RevenueFigure {
  @Field({ description: 'Levy item code (征收项目) as TIPS and national tax write it, e.g. 10101 增值税, 10103 营业税.' })
  levyItemCode!: string;

  @Field(() => String, { nullable: true, description: 'The levy item in Chinese; null for a code outside the table.' })
  levyItem!: string | null;

  @Field({ description: "The area, 6-digit division: the registration's for the bureaus, the levying office's for TIPS." })
  division!: string;

  @Field(() => YearMonthScalar, { description: 'The month: paid, for the bureaus; entered the treasury, for TIPS.' })
  month!: string;

  @Field({ description: 'Budget subject (预算科目) as each source records it.' })
  budgetSubjectCode!: string;

  @Field(() => MoneyScalar, { nullable: true, description: 'National tax: booked as paid (ZS_YJSF), yuan, all payment methods.' })
  nationalTax!: string | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'National tax: of that, paid through TIPS, yuan.' })
  nationalTaxThroughTips!: string | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'Local tax: booked as collected (SP_JK), yuan, all payment methods.' })
  localTax!: string | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'Local tax: of that, paid through TIPS, yuan.' })
  localTaxThroughTips!: string | null;

  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'TIPS: carried into the treasury (TaxPayment with a TreasuryEntry), yuan; refunds not netted.',
  })
  treasury!: string | null;

  @Field(() => MoneyScalar, {
    nullable: true,
    description:
      'What the bureaus booked as paid through TIPS minus what TIPS carried into the treasury, yuan: zero where the books and the treasury ' +
      'agree. Cash paid at a tax office reaches the treasury outside TIPS and is not in it. Null when a source could not be asked.',
  })
  difference!: string | null;
}
