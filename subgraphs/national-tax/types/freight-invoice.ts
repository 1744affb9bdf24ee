import { Directive, Field, ObjectType } from 'type-graphql';
import { PERSONAL_DATA_TIN } from '../../kit/access';
import { DateScalar, MoneyScalar } from '../../kit/scalars';

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
}
