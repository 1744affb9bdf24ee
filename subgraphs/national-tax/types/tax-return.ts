import { Field, ObjectType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { NationalTaxLevyItem } from './enums';

@ObjectType({
  description: 'A tax return filed with the national tax bureau: VAT, consumption tax or CIT for one period (申报信息, SB_SBXX).',
})
export class NationalTaxReturn {
  @Field(() => NationalTaxLevyItem, { description: 'Which tax (SB_SBXX.ZSXM_DM 征收项目).' })
  levyItem!: NationalTaxLevyItem;

  @Field({ description: 'Which tax, by name (DM_ZSXM.ZSXMMC).' })
  levyItemLabel!: string;

  @Field(() => DateScalar, { description: 'First day of the tax period (SB_SBXX.SKSSQQ 税款所属期起).' })
  periodFrom!: string;

  @Field(() => DateScalar, { description: 'Last day of the tax period (SB_SBXX.SKSSQZ 税款所属期止).' })
  periodTo!: string;

  @Field(() => MoneyScalar, { description: 'Taxable base, e.g. sales (SB_SBXX.JSYJ 计税依据), yuan.' })
  taxableBase!: string;

  @Field({ description: 'Rate as a decimal fraction string, e.g. "0.03" for 3% (SB_SBXX.SL1 税率).' })
  rate!: string;

  @Field(() => MoneyScalar, { description: 'Tax due (SB_SBXX.YNSE 应纳税额), yuan.' })
  taxDue!: string;

  @Field(() => DateScalar, { description: 'Filing date (SB_SBXX.SBRQ 申报日期).' })
  filedOn!: string;

  @Field(() => MoneyScalar, {
    description:
      'Transport service sales within the taxable base (SB_SBXX.JTYSXSE 交通运输服务销售额), yuan: what a carrier declared as output after transport ' +
      'moved to VAT (营改增); 0 on other returns.',
  })
  transportSales!: string;
}
