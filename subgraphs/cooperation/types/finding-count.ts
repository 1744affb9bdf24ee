import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'How many findings of the latest run fall in one group.' })
export class FindingCount {
  @Field({ description: 'The group: a kind, an area, a year or a period start, per `by`.' })
  group!: string;

  @Field(() => Int, { description: 'Findings in it.' })
  findings!: number;
}
