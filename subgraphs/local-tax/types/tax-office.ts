import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A local tax office (税务机关, DM_SWJG).' })
export class LocalTaxOffice {
  @Field({ description: 'Tax office code, 11 digits: 2 (local) + division + 4 digits (DM_SWJG.SWJGDM / SWDJ.SWJGDM 主管税务机关).' })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the tax office (DM_SWJG.SWJGMC); null when the code is missing from the code table.',
  })
  name!: string | null;
}
