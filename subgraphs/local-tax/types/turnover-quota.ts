import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';

@ObjectType({
  description:
    'A fixed turnover quota assessed for an individual business for a year (个体定额, GTDE); both bureaus should assess the same base.',
})
export class LocalTaxTurnoverQuota {
  @Field(() => Int, { description: 'Year assessed for (GTDE.ND 年度).' })
  year!: number;

  @Field(() => MoneyScalar, { description: 'Monthly quota turnover in yuan (GTDE.YYYE 月营业额定额, kept in fen).' })
  monthlyTurnover!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Date assessed (GTDE.HDRQ 核定日期).' })
  assessedOn!: string | null;
}
