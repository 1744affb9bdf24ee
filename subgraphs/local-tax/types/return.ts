import { Field, ObjectType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { LocalTaxType } from './enums';

@ObjectType({
  description:
    'One return line filed with local tax: one tax type for one period (申报明细, SB_MX). Business tax, urban construction tax and the education surcharges.',
})
export class LocalTaxReturn {
  @Field({ description: 'Return serial number (SB_MX.SBLSH 申报流水号).' })
  serialNumber!: string;

  @Field(() => LocalTaxType, {
    nullable: true,
    description: 'Tax type (SB_MX.SZDM 税种); null only for a code outside the scheme (taxTypeLabel then shows it).',
  })
  taxType!: LocalTaxType | null;

  @Field({ description: "Tax type in the bureau's words (DM_SZ.SZMC)." })
  taxTypeLabel!: string;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the tax period (SB_MX.SSQQ 所属期起).' })
  periodFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the tax period (SB_MX.SSQZ 所属期止).' })
  periodTo!: string | null;

  @Field(() => MoneyScalar, {
    description:
      'Taxable base in yuan (SB_MX.JSYJ 计税依据, kept in fen): turnover for business tax; taxes paid for urban construction tax and surcharges.',
  })
  taxableBase!: string;

  @Field({ description: 'Rate as a decimal string, e.g. "0.0500" for 5% (SB_MX.SL 税率).' })
  rate!: string;

  @Field(() => MoneyScalar, { description: 'Tax due in yuan (SB_MX.YNSE 应纳税额, kept in fen).' })
  taxDue!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Date filed (SB_MX.SBRQ 申报日期).' })
  filedOn!: string | null;
}
