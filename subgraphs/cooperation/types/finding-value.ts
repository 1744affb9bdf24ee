import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One value a finding rests on, as its source holds it.' })
export class FindingValue {
  @Field({ description: 'The source subgraph holding the value.' })
  source!: string;

  @Field({ description: "The value's name in the graph (e.g. status, monthlyTurnover, declaredBase)." })
  field!: string;

  @Field(() => String, { nullable: true, description: 'The value, as text; null when the source has none.' })
  value!: string | null;
}
