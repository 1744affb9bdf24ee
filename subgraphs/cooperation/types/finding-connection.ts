import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../kit/connection';
import { Finding } from './finding';
import { ReconciliationRun } from './reconciliation-run';

@ObjectType({ description: 'One finding in a page, with its cursor.' })
class FindingEdge {
  @Field({ description: 'Opaque keyset cursor of this finding.' })
  cursor!: string;

  @Field(() => Finding, { description: 'The finding.' })
  node!: Finding;
}

@ObjectType({
  description:
    'A page of findings of the latest completed reconciliation run, in id order (Relay connection), with the run they come from.',
})
export class FindingConnection {
  @Field(() => [FindingEdge], { description: 'The findings of this page, in order.' })
  edges!: FindingEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and the cursor to fetch them.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { nullable: true, description: 'How many findings match in the whole run.' })
  totalCount?: number | null;

  @Field(() => ReconciliationRun, {
    nullable: true,
    description: 'The run the findings come from (when it ran, as of which day); null when no run has completed yet.',
  })
  run!: ReconciliationRun | null;
}
