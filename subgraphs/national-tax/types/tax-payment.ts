import { Field, ObjectType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { NationalTaxLevyItem, NationalTaxLevyKind } from './enums';

@ObjectType({ description: 'Tax actually paid to the national tax bureau, one electronic tax voucher (已缴税费, ZS_YJSF).' })
export class NationalTaxPayment {
  @Field({ description: 'Electronic tax voucher number (ZS_YJSF.DZSPHM 电子税票号码).' })
  voucherNumber!: string;

  @Field(() => NationalTaxLevyItem, { description: 'Which tax (ZS_YJSF.ZSXM_DM 征收项目).' })
  levyItem!: NationalTaxLevyItem;

  @Field({ description: 'Which tax, by name (DM_ZSXM.ZSXMMC).' })
  levyItemLabel!: string;

  @Field(() => DateScalar, { description: 'First day of the tax period (ZS_YJSF.SKSSQQ 税款所属期起).' })
  periodFrom!: string;

  @Field(() => DateScalar, { description: 'Last day of the tax period (ZS_YJSF.SKSSQZ 税款所属期止).' })
  periodTo!: string;

  @Field(() => MoneyScalar, { description: 'Amount paid (ZS_YJSF.SJJE 实缴金额), yuan.' })
  amountPaid!: string;

  @Field(() => MoneyScalar, {
    description: 'Approved exempt-and-credit VAT (ZS_YJSF.MDSE 免抵税额), yuan; part of the urban construction tax base from 2005.',
  })
  exemptCredit!: string;

  @Field(() => DateScalar, { description: 'Date paid (ZS_YJSF.JKRQ 缴款日期); through TIPS, the day the bank deducted it.' })
  paidOn!: string;

  @Field(() => NationalTaxLevyKind, {
    description: 'What the record collected (ZS_YJSF.SKZL_DM 税款种类): declared tax, audit back-tax (查补) or deferred tax (缓缴).',
  })
  kind!: NationalTaxLevyKind;
  @Field(() => String, {
    nullable: true,
    description:
      'How it was paid (ZS_YJSF.JKFS_DM 缴款方式): 01 横向联网电子缴税 through TIPS, 02 现金 cash, 03 转账缴款书 transfer voucher.',
  })
  paymentMethod!: string | null;

  @Field({
    description:
      'Whether it was paid through TIPS (缴款方式 01): then the voucher number is the one TIPS carried (TaxPayment.TaxVouNo), and task 15 ' +
      'reconciles it with the treasury.',
  })
  throughTips!: boolean;

  @Field(() => String, { nullable: true, description: 'Budget subject (ZS_YJSF.YSKM_DM 预算科目), e.g. 1010101.' })
  budgetSubjectCode!: string | null;
}
