import { Directive, Field, ObjectType } from 'type-graphql';
import { PERSONAL_DATA_TIN } from '../../kit/access';
import { DateScalar, MoneyScalar } from '../../kit/scalars';

@ObjectType({ description: "A recipient's deduction of a freight invoice as input VAT (进项发票认证, FP_JXRZ)." })
export class NationalTaxFreightDeduction {
  @Field(() => DateScalar, { description: 'Date certified for deduction (FP_JXRZ.RZRQ 认证日期).' })
  deductedOn!: string;

  @Field(() => MoneyScalar, { description: 'Amount certified (FP_JXRZ.JE 金额), yuan.' })
  amount!: string;

  @Field(() => MoneyScalar, {
    description: 'Input VAT deducted (FP_JXRZ.SE 税额), yuan: the invoice tax from 2013-08-01, 7% of the freight before.',
  })
  inputTax!: string;
}

@ObjectType({ description: 'A freight invoice issued by this taxpayer as the carrier (货物运输业增值税专用发票/货运发票, FP_HYFP).' })
export class NationalTaxFreightInvoice {
  @Field({ description: 'Invoice code (FP_HYFP.FPDM 发票代码), 12 digits.' })
  code!: string;

  @Field({ description: 'Invoice number (FP_HYFP.FPHM 发票号码), 8 digits.' })
  number!: string;

  @Directive(PERSONAL_DATA_TIN)
  @Field({ description: 'TIN of the recipient (FP_HYFP.SPFNSRSBH 受票方纳税人识别号).' })
  recipientTin!: string;

  @Field(() => DateScalar, { description: 'Date issued (FP_HYFP.KPRQ 开票日期).' })
  issuedOn!: string;

  @Field(() => MoneyScalar, { description: 'Freight amount (FP_HYFP.YFJE 运费金额), yuan.' })
  freightAmount!: string;

  @Field(() => MoneyScalar, { description: 'Tax on it (FP_HYFP.SE 税额), yuan.' })
  tax!: string;

  @Field(() => NationalTaxFreightDeduction, {
    nullable: true,
    description:
      'The recipient named on the invoice certified it for deduction (FP_JXRZ 进项发票认证, matched by invoice and the recipient TIN the invoice ' +
      'carries); null when it did not.',
  })
  deduction!: NationalTaxFreightDeduction | null;
}
