import { Field, InputType } from 'type-graphql';
import { LocalTaxStatus } from './enums';

@InputType({ description: 'Narrows a list of local tax registrations; every field is optional and they combine with AND.' })
export class LocalTaxAccountFilter {
  @Field(() => String, { nullable: true, description: 'Division code, 6 digits (SWDJ.XZQH), e.g. 510104.' })
  division?: string | null;

  @Field(() => String, { nullable: true, description: 'Industry, GB/T 4754 4-digit code (SWDJ.HYDM).' })
  industryCode?: string | null;

  @Field(() => LocalTaxStatus, { nullable: true, description: 'Registration status (SWDJ.ZT).' })
  status?: LocalTaxStatus | null;

  @Field(() => String, { nullable: true, description: 'Tax office in charge, 11 digits (SWDJ.SWJGDM).' })
  taxOfficeCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Tax administrator code (SWDJ.ZGYDM).' })
  administratorCode?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only households without a tax administrator (ZGYDM null or blank); false: only those with one.',
  })
  withoutAdministrator?: boolean | null;
}
