import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Industry (国民经济行业, GB/T 4754: DJ_NSRXX.HY_DM, code table DM_HY).' })
export class NationalTaxIndustry {
  @Field({ description: '4-digit industry code (DJ_NSRXX.HY_DM).' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Industry name (DM_HY.HYMC); null when the code table does not list the code.' })
  name!: string | null;
}
