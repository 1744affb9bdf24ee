import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PERSONAL_DATA, PERSONAL_DATA_TIN } from '../../kit/access';
import { connectionType } from '../../kit/connection';
import { DataIssue } from '../../kit/data-quality';
import { DateScalar, UsccScalar } from '../../kit/scalars';
import { NationalTaxAddresses } from './addresses';
import { NationalTaxAdministrator } from './administrator';
import { NationalTaxStatus, NationalTaxpayerType } from './enums';
import { NationalTaxIndustry } from './industry';
import { NationalTaxPerson } from './person';
import { NationalTaxRegistrationType } from './registration-type';
import { NationalTaxOffice } from './tax-office';

/** One registration record; the lists (returns, payments, ratings...) are resolved by NationalTaxAccountResolver. */
@ObjectType({
  description:
    'A taxpayer as the national tax bureau (国税) registered it: one record of DJ_NSRXX, with its returns, payments, ratings and invoices.',
})
export class NationalTaxAccount {
  @Field(() => ID, { description: "The bureau's internal key (DJ_NSRXX.DJXH 登记序号)." })
  id!: string;

  @Directive(PERSONAL_DATA_TIN)
  @Field({
    description:
      'Taxpayer identification number as registered, blanks trimmed (DJ_NSRXX.NSRSBH 纳税人识别号): an old 15-character TIN, a 20-character ID-based TIN or a USCC.',
  })
  tin!: string;

  @Field(() => UsccScalar, {
    nullable: true,
    description:
      "Unified social credit code: the one recorded (DJ_NSRXX.SHXYDM), else derived from an old TIN's organization code and the record's " +
      'division (XZQH_DM); null when neither gives one (ID-based TINs, unusable TINs).',
  })
  uscc!: string | null;

  @Field({ description: 'Name as registered (DJ_NSRXX.NSRMC 纳税人名称).' })
  name!: string;

  @Field(() => NationalTaxPerson, {
    nullable: true,
    description: 'Legal representative or owner (DJ_NSRXX.FDDBRXM, FDDBRSFZJHM). Personal data.',
  })
  legalRepresentative!: NationalTaxPerson | null;

  @Directive(PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Contact phone (DJ_NSRXX.LXDH 联系电话). Personal data.' })
  phone!: string | null;

  @Field(() => NationalTaxRegistrationType, { description: 'Registration type (DJ_NSRXX.DJZCLX_DM, DM_DJZCLX).' })
  registrationType!: NationalTaxRegistrationType;

  @Field(() => NationalTaxIndustry, { description: 'Industry (DJ_NSRXX.HY_DM, DM_HY).' })
  industry!: NationalTaxIndustry;

  @Field({ description: 'Division of the place of business, GB/T 2260 (DJ_NSRXX.XZQH_DM 生产经营地行政区划).' })
  division!: string;

  @Field(() => String, { nullable: true, description: 'Name of that division (DM_XZQH.XZQHMC).' })
  divisionName!: string | null;

  @Field(() => NationalTaxStatus, { description: 'Registration status (DJ_NSRXX.NSRZT_DM).' })
  status!: NationalTaxStatus;

  @Field({ description: "Registration status in the bureau's words (DM_NSRZT.NSRZTMC)." })
  statusLabel!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'While the status is abnormal (05 非正常): the latest date it was declared abnormal and not since lifted (DJ_FZCHRDXX.RDRQ 认定日期 ' +
      'without JCRQ 解除日期); null otherwise.',
  })
  abnormalSince!: string | null;

  @Field(() => NationalTaxpayerType, { description: 'VAT taxpayer type (from DJ_NSRXX.DJZCLX_DM and ZZSYBNSRBZ).' })
  taxpayerType!: NationalTaxpayerType;

  @Field({ description: 'VAT taxpayer type in Chinese (一般纳税人, 小规模纳税人, 个体工商户).' })
  taxpayerTypeLabel!: string;

  @Field(() => NationalTaxOffice, { description: 'The tax office in charge (DJ_NSRXX.ZGSWJ_DM 主管税务机关, DM_SWJG).' })
  taxOffice!: NationalTaxOffice;

  @Field(() => NationalTaxAdministrator, {
    nullable: true,
    description: 'The tax administrator in charge (DJ_NSRXX.SSGLY_DM 税收管理员, DM_GY_SWRY); null when none is assigned.',
  })
  administrator!: NationalTaxAdministrator | null;

  @Field(() => String, {
    nullable: true,
    description: 'Business registration number as copied from the licence (DJ_NSRXX.GSDJZCH 工商登记注册号).',
  })
  registrationNumber!: string | null;

  @Field(() => NationalTaxAddresses, { description: 'Registered and business addresses (DJ_NSRXX.ZCDZ, SCJYDZ).' })
  addresses!: NationalTaxAddresses;

  @Field(() => DateScalar, { description: 'Date registered with the bureau (DJ_NSRXX.DJRQ 登记日期).' })
  registeredOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Date deregistered (DJ_NSRXX.ZXRQ 注销日期); null while registered.' })
  deregisteredOn!: string | null;

  @Field(() => [DataIssue], {
    description:
      'Garbage in the raw record (三清): placeholder or invalid identifiers (NSRSBH, SHXYDM, GSDJZCH), full-width typing, test names ' +
      '(NSRMC) that the fields above show repaired; empty for a clean record.',
  })
  dataIssues!: DataIssue[];
}

export const NationalTaxAccountConnection = connectionType(
  NationalTaxAccount,
  'NationalTaxAccount',
  'A page of national-tax registration records (Relay connection, keyset on the internal key DJXH).',
);
