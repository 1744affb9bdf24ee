import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PERSONAL_DATA } from '../../kit/access';
import { DateScalar, MoneyScalar, UsccScalar } from '../../kit/scalars';
import { connectionType } from '../../kit/connection';
import { DataIssue } from '../../kit/data-quality';
import { EntityType, RegistrationStatus } from './enums';
import { Person } from './person';

@ObjectType({ description: 'A business as the registry (工商) knows it: legal existence, owner, capital, status (E_BASEINFO).' })
export class Registration {
  @Field(() => ID, { description: "The registry's internal key (E_BASEINFO.PRIPID 主体身份代码)." })
  id!: string;

  @Field(() => UsccScalar, {
    nullable: true,
    description: 'Unified social credit code (E_BASEINFO.UNISCID); null on old records never re-issued.',
  })
  uscc!: string | null;

  @Field(() => String, { nullable: true, description: '15-digit business registration number (E_BASEINFO.REGNO 注册号, GS 15-2006).' })
  registrationNumber!: string | null;

  @Field({ description: 'Registered name (E_BASEINFO.ENTNAME 企业名称).' })
  name!: string;

  @Field(() => EntityType, { description: 'Kind of entity (E_BASEINFO.ENTTYPE).' })
  entityType!: EntityType;

  @Field({ description: "Kind of entity in the registry's words (市场主体类型名称)." })
  entityTypeLabel!: string;

  @Field(() => Person, { nullable: true, description: 'Legal representative or operator (E_BASEINFO.LEREP, CERNO). Personal data.' })
  legalRepresentative!: Person | null;

  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'Registered capital in yuan (E_BASEINFO.REGCAP, kept in 万元 by the registry).',
  })
  registeredCapital!: string | null;

  @Field(() => String, { nullable: true, description: 'Currency of the capital, ISO 4217 numeric (E_BASEINFO.REGCAPCUR; 156 = CNY).' })
  capitalCurrency!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date established (E_BASEINFO.ESTDATE 成立日期).' })
  establishedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date of the latest approval (E_BASEINFO.APPRDATE 核准日期).' })
  approvedOn!: string | null;

  @Field({ description: 'Division code of the registration authority (E_BASEINFO.REGORG 登记机关, GB/T 2260).' })
  division!: string;

  @Field(() => String, { nullable: true, description: 'Domicile (E_BASEINFO.DOM 住所).' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'Business scope (E_BASEINFO.OPSCOPE 经营范围).' })
  businessScope!: string | null;

  @Field(() => String, { nullable: true, description: 'Industry, GB/T 4754 (E_BASEINFO.INDUSTRYCO 行业代码).' })
  industryCode!: string | null;

  @Field(() => RegistrationStatus, { description: 'Registry status (E_BASEINFO.REGSTATE).' })
  status!: RegistrationStatus;

  @Field({ description: "Registry status in the registry's words (登记状态)." })
  statusLabel!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Date the licence was revoked (E_BASEINFO.REVDATE 吊销日期).' })
  revokedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date cancelled (E_CANCEL.CANDATE 注销日期).' })
  cancelledOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled (E_CANCEL.CANREA 注销原因).' })
  cancellationReason!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date it moved to another registry (E_MOVEOUT.MOVEDATE 迁出日期).' })
  migratedOutOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Registry it moved to, division code (E_MOVEOUT.TOREGORG).' })
  migratedTo!: string | null;

  @Directive(PERSONAL_DATA)
  @Field(() => String, { nullable: true, description: 'Contact phone (E_BASEINFO.TEL). Personal data.' })
  phone!: string | null;

  @Field(() => [DataIssue], {
    description:
      'Garbage in the raw record (三清): placeholder or invalid identifiers (UNISCID, REGNO), full-width typing, test names (ENTNAME); empty for a clean record.',
  })
  dataIssues!: DataIssue[];
}

export const RegistrationConnection = connectionType(
  Registration,
  'Registration',
  'A page of registry records (Relay connection, keyset on the internal key).',
);
