import { ClassType, Directive, Field, ObjectType } from 'type-graphql';
import { UsccScalar } from './scalars';

/** A taxpayer as every subgraph holds it: the key alone. */
export interface Taxpayer {
  uscc: string;
}

/**
 * The Taxpayer entity, defined once for every subgraph: the key alone (`@key(fields: "uscc")`); each
 * source adds the fields of its own records (and cooperation its cross-agency ones) through its own
 * field resolvers. Each subgraph takes its own class from here, once, in its types/taxpayer.ts:
 * type-graphql keeps a class's fields in global metadata and adds a field resolver's field to the
 * class for good when a schema is built, so one class shared by two subgraphs built in one process
 * (the tests, `npm run compose`) would carry each one's fields into the other's schema.
 */
export function taxpayerEntity(): ClassType<Taxpayer> {
  @Directive('@key(fields: "uscc")')
  @ObjectType('Taxpayer', {
    description: 'A taxpayer, identified by its unified social credit code; each source contributes what it knows.',
  })
  class TaxpayerEntity implements Taxpayer {
    @Field(() => UsccScalar, { description: 'Unified social credit code (统一社会信用代码).' })
    uscc!: string;
  }
  return TaxpayerEntity;
}
