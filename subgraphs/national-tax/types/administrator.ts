import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The tax administrator responsible for a taxpayer (税收管理员, code table DM_GY_SWRY).' })
export class NationalTaxAdministrator {
  @Field({ description: '11-digit official code (DJ_NSRXX.SSGLY_DM 税收管理员).' })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description: "The official's name (DM_GY_SWRY.SWRYXM); null when the code table does not list the code.",
  })
  name!: string | null;
}
