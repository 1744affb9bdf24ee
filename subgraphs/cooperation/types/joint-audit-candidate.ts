import { Field, Int, ObjectType } from 'type-graphql';
import { Finding } from './finding';
import { Taxpayer } from './taxpayer';

@ObjectType({ description: 'A candidate for a joint audit by both bureaus (task 8), ranked by its findings.' })
export class JointAuditCandidate {
  @Field(() => Int, { description: 'Rank within its area (1 first).' })
  rank!: number;

  @Field({ description: 'The area.' })
  division!: string;

  @Field(() => Taxpayer, { description: "The enterprise; its case data is on localTax.auditCases and nationalTax's records." })
  taxpayer!: Taxpayer;

  @Field(() => Int, { description: 'Distinct kinds of finding in the quarter (the first ranking key).' })
  kindCount!: number;

  @Field(() => Int, { description: 'Findings in the quarter (the second key).' })
  findingCount!: number;

  @Field(() => [Finding], { description: 'The findings behind the rank.' })
  findings!: Finding[];
}
