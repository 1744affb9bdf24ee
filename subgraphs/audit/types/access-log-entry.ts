import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../kit/scalars';

@ObjectType({
  description:
    "One read of a taxpayer's data, from the federation's audit trail: who read it, when and why (the taxpayer's right to know). Every " +
    "operation whose answer carried the taxpayer's data leaves one.",
})
export class AccessLogEntry {
  @Field(() => DateTimeScalar, { description: 'When the operation started, UTC.' })
  at!: string;

  @Field({ description: "Who read it: the caller's subject (the token's sub)." })
  subject!: string;

  @Field({ description: "The caller's role: app (an internal application), analyst or bank." })
  role!: string;

  @Field(() => String, { nullable: true, description: "A bank's 12-digit bank code, for role bank." })
  bank!: string | null;

  @Field(() => String, { nullable: true, description: 'Why, as the caller stated it (header X-Purpose; required of analysts).' })
  purpose!: string | null;

  @Field(() => String, { nullable: true, description: 'The name of the GraphQL operation; null for an anonymous one.' })
  operationName!: string | null;

  @Field({ description: "The request's id, which ties this entry to the gateway's and the subgraphs' logs." })
  requestId!: string;

  @Field({ description: 'ok, or partial when part of the answer was missing (a source down or a field refused).' })
  outcome!: string;
}
