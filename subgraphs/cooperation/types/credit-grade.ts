import { registerEnumType } from 'type-graphql';
import { GRADE_ORDER } from '../rules/reference';

export const CreditGradeEnum = Object.fromEntries(GRADE_ORDER.map((g) => [g, g])) as { [G in (typeof GRADE_ORDER)[number]]: G };
registerEnumType(CreditGradeEnum, {
  name: 'CreditGrade',
  description: 'Tax credit grade (纳税信用等级), best first: A > B > M > C > D.',
  valuesConfig: {
    A: { description: 'A: score 90 or more.' },
    B: { description: 'B: 70 to 89.' },
    M: { description: 'M: new enterprises (from 2018).' },
    C: { description: 'C: 40 to 69.' },
    D: { description: 'D: below 40, or directly for evasion.' },
  },
});
