import { Field, ObjectType } from 'type-graphql';
import { DateScalar, UsccScalar } from '../../kit/scalars';
import { Finding } from './finding';

@ObjectType({ description: "One subject's live findings." })
export class SubjectFindings {
  @Field({
    description:
      'The subject as judged: uscc:<USCC>, or the record that stands for a taxpayer without one (source:key); empty when nothing is under the reference.',
  })
  subject!: string;

  @Field(() => UsccScalar, { nullable: true, description: "The subject's USCC, if it has one." })
  uscc!: string | null;

  @Field(() => DateScalar, { description: 'The day the rules counted from.' })
  asOf!: string;

  @Field(() => [Finding], { description: 'Every check that fired.' })
  findings!: Finding[];
}
