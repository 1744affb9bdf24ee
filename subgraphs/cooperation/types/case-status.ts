import { registerEnumType } from 'type-graphql';
import { CASE_STATUS_MEANINGS, CASE_STATUSES, CaseStatus } from '../cases/status';

export const CaseStatusEnum = Object.fromEntries(CASE_STATUSES.map((s) => [s, s])) as { [S in CaseStatus]: S };
registerEnumType(CaseStatusEnum, {
  name: 'CaseStatus',
  description:
    "Where a finding's case stands. The owner office may take up an OPEN case (ACKNOWLEDGED), close an OPEN or ACKNOWLEDGED one (RESOLVED, " +
    'DISMISSED) and reopen a closed one (OPEN); nothing else.',
  valuesConfig: Object.fromEntries(CASE_STATUSES.map((s) => [s, { description: CASE_STATUS_MEANINGS[s] }])),
});
