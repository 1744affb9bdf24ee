import { registerEnumType } from 'type-graphql';

export enum FindingGrouping {
  KIND = 'kind',
  DIVISION = 'division',
  YEAR = 'year',
  PERIOD = 'period',
}
registerEnumType(FindingGrouping, {
  name: 'FindingGrouping',
  description: 'How to group finding counts.',
  valuesConfig: {
    KIND: { description: 'By kind.' },
    DIVISION: { description: 'By area.' },
    YEAR: { description: 'By year.' },
    PERIOD: { description: 'By tax period start.' },
  },
});
