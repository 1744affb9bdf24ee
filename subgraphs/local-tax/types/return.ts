import { Field, ObjectType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { LocalTaxReturnKind, LocalTaxType } from './enums';

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

  @Field(() => MoneyScalar, {
    description:
      'Tax paid on the line in yuan (SB_MX.SJSE 实缴税额, kept in fen; the tax due where the column is empty): less than due while a deferral (缓缴) ' +
      'runs. Business tax counts in the urban construction tax base by this amount, not by the tax due.',
  })
  amountPaid!: string;

  @Field(() => LocalTaxReturnKind, { description: 'A line declared on a return, or back-tax of an audit (SB_MX.SBLX 申报类型).' })
  kind!: LocalTaxReturnKind;

  @Field(() => String, {
    nullable: true,
    description: 'The audit case of a back-tax line (SB_MX.AJBH, JC_AJ.AJBH 案件编号); null otherwise.',
  })
  auditCaseNumber!: string | null;
}
