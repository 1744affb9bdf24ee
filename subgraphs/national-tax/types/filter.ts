import { Field, InputType } from 'type-graphql';
import { DateScalar, UsccScalar } from '../../kit/scalars';
import { NationalTaxStatus } from './enums';

@InputType({ description: 'Narrows a list of national-tax registration records; every field is optional and they combine with AND.' })
export class NationalTaxAccountFilter {
  @Field(() => UsccScalar, {
    nullable: true,
    description: 'Only the records of this taxpayer (by DJ_NSRXX.SHXYDM, or the organization code in NSRSBH): shows duplicates.',
  })
  uscc?: string | null;

  @Field(() => String, { nullable: true, description: 'Division of the place of business, 6 digits (DJ_NSRXX.XZQH_DM), e.g. 510104.' })
  division?: string | null;

  @Field(() => String, { nullable: true, description: 'Industry, GB/T 4754 4-digit code (DJ_NSRXX.HY_DM).' })
  industryCode?: string | null;

  @Field(() => NationalTaxStatus, { nullable: true, description: 'Registration status (DJ_NSRXX.NSRZT_DM).' })
  status?: NationalTaxStatus | null;

  @Field(() => String, { nullable: true, description: 'Tax office in charge, 11 digits (DJ_NSRXX.ZGSWJ_DM).' })
  taxOfficeCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Tax administrator, 11 digits (DJ_NSRXX.SSGLY_DM).' })
  administratorCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Registered on or after this date (DJ_NSRXX.DJRQ).' })
  registeredFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Registered on or before this date (DJ_NSRXX.DJRQ).' })
  registeredTo?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only abnormal taxpayers (非正常户, NSRZT_DM 05) when true.' })
  abnormalOnly?: boolean | null;
}
