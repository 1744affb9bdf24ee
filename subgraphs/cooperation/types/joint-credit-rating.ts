import { Field, Int, ObjectType } from 'type-graphql';
import { CreditGradeEnum } from './credit-grade';

@ObjectType({ description: "A year's joint credit rating (task 3): both bureaus' grades and the joint one, the lower." })
export class JointCreditRating {
  @Field(() => Int, { description: 'The rating year.' })
  year!: number;

  @Field(() => CreditGradeEnum, { nullable: true, description: "National tax's grade; null when it has none." })
  nationalTax!: string | null;

  @Field(() => CreditGradeEnum, { nullable: true, description: "Local tax's grade; null when it has none." })
  localTax!: string | null;

  @Field(() => CreditGradeEnum, {
    description: 'The joint grade: the lower of the two (order A > B > M > C > D); the only one when one bureau has none.',
  })
  joint!: string;

  @Field({ description: 'Why, in words.' })
  reason!: string;
}
