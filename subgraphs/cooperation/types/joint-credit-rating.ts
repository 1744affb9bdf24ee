import { Field, Int, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../kit/scalars';
import type { JointGradeRule } from '../rules/practice';
import { CreditGradeEnum } from './credit-grade';
import { JointGradeRuleEnum } from './joint-grade-rule';
import { Taxpayer } from './taxpayer';

@ObjectType({
  description:
    "A year's joint credit rating (task 3): both bureaus' grades and the joint one, formed by the province's rule of practice (default: the lower).",
})
export class JointCreditRating {
  @Field(() => Int, { description: 'The rating year.' })
  year!: number;

  @Field(() => CreditGradeEnum, { nullable: true, description: "National tax's grade (XY_NSRXYPJ.XYDJ_DM); null when it has none." })
  nationalTax!: string | null;

  @Field(() => CreditGradeEnum, { nullable: true, description: "Local tax's grade (XYPJ.DJ); null when it has none." })
  localTax!: string | null;

  @Field(() => CreditGradeEnum, {
    description:
      "The joint grade under the province's rule (see rule; default the lower of the two, order A > B > M > C > D); the only one when one bureau has none.",
  })
  joint!: string;

  @Field(() => JointGradeRuleEnum, { description: "How the joint grade was formed: the province's rule of practice." })
  rule!: JointGradeRule;

  @Field({ description: 'Why, in words.' })
  reason!: string;

  @Field(() => Taxpayer, { nullable: true, description: 'The taxpayer rated, when it has a USCC.' })
  taxpayer?: Taxpayer | null;

  @Field(() => UsccScalar, { nullable: true, description: "The taxpayer's USCC, when it has one." })
  uscc!: string | null;

  @Field({
    description:
      'Whom the rating is about, as findingsFor names a subject: uscc:<USCC>, or national-tax:<DJXH> / local-tax:<JSJDM> for a taxpayer without a USCC.',
  })
  subject!: string;

  @Field(() => String, {
    nullable: true,
    description: "The area the taxpayer is filed under (6-digit division of its primary national record, else its local one's).",
  })
  division!: string | null;
}
