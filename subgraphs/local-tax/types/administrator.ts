import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A local tax administrator responsible for a household (专管员, DM_ZGY).' })
export class LocalTaxAdministrator {
  @Field({ description: 'Administrator code (DM_ZGY.ZGYDM / SWDJ.ZGYDM 专管员).' })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the administrator (DM_ZGY.ZGYXM); null when the code is missing from the code table.',
  })
  name!: string | null;
}
