import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../kit/scalars';

@ObjectType({ description: 'A reconciliation run (npm run reconcile).' })
export class ReconciliationRun {
  @Field(() => ID, { description: 'Run number.' })
  id!: string;

  @Field({ description: 'running, completed or abandoned.' })
  status!: string;

  @Field(() => DateTimeScalar, { description: 'When it started.' })
  startedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it completed.' })
  finishedAt!: string | null;

  @Field(() => DateScalar, { description: 'The day the data was judged at.' })
  asOf!: string;

  @Field({ description: 'The purpose it stated to the gateway.' })
  purpose!: string;

  @Field(() => Int, { description: 'Pages read through the gateway.' })
  pages!: number;

  @Field(() => Int, { description: 'Source records paged through.' })
  records!: number;

  @Field(() => Int, { description: 'Subjects (taxpayers, or records without a USCC) judged.' })
  subjects!: number;

  @Field(() => Int, { description: 'Findings stored.' })
  findings!: number;
}
