import { Field, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../kit/connection';
import { YearMonthScalar } from '../../kit/scalars';
import { RegistrationEvent } from './registration-event';

@ObjectType({ description: 'How many registration events one source had in one area and month (task 1), from the latest run.' })
export class RegistrationEventCount {
  @Field({ description: 'national-tax, local-tax or business-registry.' })
  source!: string;

  @Field({ description: 'The area (6-digit division).' })
  division!: string;

  @Field(() => YearMonthScalar, { description: 'The month.' })
  month!: string;

  @Field(() => RegistrationEvent, { description: 'The event.' })
  event!: RegistrationEvent;

  @Field(() => Int, { description: 'Records with that event.' })
  records!: number;
}
export const RegistrationEventCountConnection = connectionType(
  RegistrationEventCount,
  'RegistrationEventCount',
  'A page of registration event counts by source, area, month and event (Relay connection).',
);
