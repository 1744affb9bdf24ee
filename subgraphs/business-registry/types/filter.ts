import { Field, InputType } from 'type-graphql';
import { DateScalar } from '../../kit/scalars';
import { RegistrationStatus } from './enums';

@InputType({ description: 'Narrows a list of registry records; every field is optional and they combine with AND.' })
export class RegistrationFilter {
  @Field(() => String, { nullable: true, description: 'Division code of the registration authority (REGORG), e.g. 510104.' })
  division?: string | null;

  @Field(() => String, { nullable: true, description: 'Industry, GB/T 4754 4-digit code (INDUSTRYCO).' })
  industryCode?: string | null;

  @Field(() => RegistrationStatus, { nullable: true, description: 'Registry status.' })
  status?: RegistrationStatus | null;

  @Field(() => DateScalar, { nullable: true, description: 'Established on or after this date.' })
  establishedFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Established on or before this date.' })
  establishedTo?: string | null;
}
