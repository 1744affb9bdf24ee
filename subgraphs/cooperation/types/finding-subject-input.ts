import { Field, InputType } from 'type-graphql';
import { UsccScalar } from '../../kit/scalars';

@InputType({ description: 'A subject to judge: a taxpayer by USCC, or a record without one (source and key, or a payment).' })
export class FindingSubjectInput {
  @Field(() => UsccScalar, { nullable: true, description: 'A taxpayer.' })
  uscc?: string | null;

  @Field(() => String, { nullable: true, description: 'national-tax, local-tax or treasury-bank, for a record without a USCC.' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: "A tax record's internal key (DJXH, JSJDM)." })
  id?: string | null;

  @Field(() => String, { nullable: true, description: "A payment's tax office." })
  taxOfficeCode?: string | null;

  @Field(() => String, { nullable: true, description: "A payment's voucher number." })
  voucherNo?: string | null;
}
