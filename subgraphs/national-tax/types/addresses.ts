import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Addresses recorded at tax registration (DJ_NSRXX).' })
export class NationalTaxAddresses {
  @Field(() => String, { nullable: true, description: 'Registered address (DJ_NSRXX.ZCDZ 注册地址).' })
  registered!: string | null;

  @Field(() => String, { nullable: true, description: 'Place of production or business (DJ_NSRXX.SCJYDZ 生产经营地址).' })
  business!: string | null;
}
