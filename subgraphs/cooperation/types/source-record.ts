import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A record in a source system, by its internal key.' })
export class SourceRecord {
  @Field({ description: 'The source subgraph (national-tax, local-tax, business-registry, treasury-bank).' })
  source!: string;

  @Field({ description: "The record's internal key: DJXH, JSJDM, PRIPID, or a payment's taxOfficeCode/voucherNo." })
  id!: string;
}
