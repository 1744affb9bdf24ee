import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Which administrators to list.' })
export class AdministratorFilter {
  @Field(() => String, { nullable: true, description: 'One source.' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Area: a 6-digit division or a prefix.' })
  division?: string | null;

  @Field(() => String, { nullable: true, description: 'A tax office.' })
  taxOfficeCode?: string | null;
}
