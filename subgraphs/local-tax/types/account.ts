import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PERSONAL_DATA, PERSONAL_DATA_TIN } from '../../kit/access';
import { connectionType } from '../../kit/connection';
import { DataIssue } from '../../kit/data-quality';
import { DateScalar, UsccScalar } from '../../kit/scalars';
import { LocalTaxAdministrator } from './administrator';
import { LocalTaxStatus } from './enums';
import { LocalTaxPerson } from './person';
import { LocalTaxOffice } from './tax-office';

@ObjectType({
  description:
    'A taxpayer as the local tax bureau (地税) knows it: one registration (税务登记, SWDJ). Its returns, quotas, deemed CIT, ratings and audit cases hang off it.',
})
export class LocalTaxAccount {
  @Field(() => ID, { description: 'The internal computer code (SWDJ.JSJDM 计算机代码), 8 characters.' })
  id!: string;

  @Directive(PERSONAL_DATA_TIN)
  @Field({
    description:
      'The TIN as issued by local tax (SWDJ.SWDJZH 税务登记证号): old 15-character TIN, USCC from 2015-10, or citizen ID + 2 digits for ' +
      'individual businesses; trimmed, half-width.',
  })
  tin!: string;

  @Field(() => UsccScalar, {
    nullable: true,
    description:
      "Unified social credit code: the recorded one (SWDJ.TYXYDM), else derived from an old TIN's organization code and the division " +
      '(SWDJ.XZQH); null when none can be derived (citizen-ID TINs, garbage).',
  })
  uscc!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Organization code, 9 characters without hyphen (SWDJ.ZZJGDM 组织机构代码, as typed: hyphenated, full-width); null when blank or not a valid GB 11714 code.',
  })
  organizationCode!: string | null;

  @Field({ description: 'Taxpayer name (SWDJ.NSRMC 纳税人名称), trimmed, full-width ASCII made half-width.' })
  name!: string;

  @Field(() => LocalTaxPerson, {
    nullable: true,
    description: 'Legal representative or owner (SWDJ.FRXM, FRZJHM); null when neither is recorded. Personal data.',
  })
  legalRepresentative!: LocalTaxPerson | null;

  @Directive(PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Contact phone (SWDJ.LXDH 联系电话). Personal data.' })
  phone!: string | null;

  @Field({
    description:
      'Registration type, 3 digits (SWDJ.DJLX 登记注册类型): 110 state-owned, 159 other LLC, 160 joint stock, 173 private LLC, 410 individual business, ...',
  })
  registrationType!: string;

  @Field({ description: 'Industry, GB/T 4754 4-digit code (SWDJ.HYDM 行业代码).' })
  industryCode!: string;

  @Field({ description: 'Division code, GB/T 2260 (SWDJ.XZQH 行政区划).' })
  division!: string;

  @Field(() => LocalTaxOffice, { description: 'The tax office in charge (SWDJ.SWJGDM 主管税务机关, named from DM_SWJG).' })
  taxOffice!: LocalTaxOffice;

  @Field(() => LocalTaxAdministrator, {
    nullable: true,
    description:
      'The tax administrator responsible (SWDJ.ZGYDM 专管员, named from DM_ZGY); null when none is assigned (ZGYDM null or blank).',
  })
  administrator!: LocalTaxAdministrator | null;

  @Field(() => String, { nullable: true, description: 'Address (SWDJ.DZ 地址), trimmed, full-width ASCII made half-width.' })
  address!: string | null;

  @Field(() => LocalTaxStatus, {
    nullable: true,
    description: 'Registration status (SWDJ.ZT 状态); null only for a code outside the scheme (statusLabel then shows it).',
  })
  status!: LocalTaxStatus | null;

  @Field({ description: "Registration status in the bureau's words (DM_ZT.ZTMC)." })
  statusLabel!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: "Date of the last status change (SWDJ.ZTRQ 状态变更日期); null when unknown ('00000000').",
  })
  statusChangedOn!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Date of tax registration (SWDJ.DJRQ 登记日期); null when the stored date is impossible (e.g. 20150230).',
  })
  registeredOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date deregistered (SWDJ.ZXRQ 注销日期); null while registered.' })
  deregisteredOn!: string | null;

  @Field(() => [DataIssue], {
    description:
      'Garbage in the raw record (三清): placeholder or invalid identifiers (SWDJZH, TYXYDM, ZZJGDM), full-width typing, test names ' +
      '(NSRMC), impossible CHAR(8) dates (DJRQ, ZTRQ, ZXRQ) that the fields above show repaired; empty for a clean record.',
  })
  dataIssues!: DataIssue[];
}

export const LocalTaxAccountConnection = connectionType(
  LocalTaxAccount,
  'LocalTaxAccount',
  'A page of local tax registrations (Relay connection, keyset on the internal computer code JSJDM).',
);
