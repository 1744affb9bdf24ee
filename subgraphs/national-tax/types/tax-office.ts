import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A national tax office (税务机关, code table DM_SWJG).' })
export class NationalTaxOffice {
  @Field({ description: '11-digit tax office code (DJ_NSRXX.ZGSWJ_DM 主管税务机关).' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Office name (DM_SWJG.SWJGMC); null when the code table does not list the code.' })
  name!: string | null;
}
