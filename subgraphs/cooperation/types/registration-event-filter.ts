import { Field, InputType } from 'type-graphql';
import { YearMonthScalar } from '../../kit/scalars';
import { RegistrationEvent } from './registration-event';

@InputType({ description: 'Which registration event counts to list.' })
export class RegistrationEventFilter {
  @Field(() => String, { nullable: true, description: 'One source.' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Area: a 6-digit division or a prefix.' })
  division?: string | null;

  @Field(() => YearMonthScalar, { nullable: true, description: 'From this month.' })
  from?: string | null;

  @Field(() => YearMonthScalar, { nullable: true, description: 'To this month.' })
  to?: string | null;

  @Field(() => RegistrationEvent, { nullable: true, description: 'One event.' })
  event?: RegistrationEvent | null;
}
