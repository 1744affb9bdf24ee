import { Field, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../kit/connection';

@ObjectType({ description: "A tax administrator's households (task 13), from the latest run: active records assigned to them." })
export class AdministratorLoad {
  @Field({ description: 'national-tax or local-tax.' })
  source!: string;

  @Field({ description: "The administrator's code." })
  administrator!: string;

  @Field(() => String, { nullable: true, description: "The administrator's name." })
  name!: string | null;

  @Field({ description: 'The area.' })
  division!: string;

  @Field({ description: 'The tax office.' })
  taxOfficeCode!: string;

  @Field(() => Int, { description: 'Active households assigned.' })
  households!: number;
}
export const AdministratorLoadConnection = connectionType(
  AdministratorLoad,
  'AdministratorLoad',
  'A page of tax administrators with their households (Relay connection).',
);
