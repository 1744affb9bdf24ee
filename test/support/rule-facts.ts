/**
 * Hand-made facts for the cooperation rules' unit tests: one record of each source, as the source
 * subgraphs answer cooperation's selections (rules/facts.ts), each overridable field by field.
 */
import type { LocalFacts, NationalFacts, RegistryFacts, SubjectFacts } from '../../subgraphs/cooperation/rules/facts';
import type { RuleContext } from '../../subgraphs/cooperation/rules/finding';

export const nationalFacts = (over: Partial<NationalFacts> = {}): NationalFacts => ({
  id: '15101040000000000001',
  tin: '510104100000019',
  uscc: null,
  name: '锦江物流有限公司',
  division: '510104',
  industry: { code: '5430' },
  status: 'NORMAL',
  abnormalSince: null,
  taxOffice: { code: '15101040000' },
  administrator: { code: '15101040001' },
  registeredOn: '2010-01-05',
  deregisteredOn: null,
  dataIssues: [],
  payments: [],
  turnoverQuotas: [],
  deemedCit: [],
  creditRatings: [],
  freightInvoices: [],
  returns: [],
  ...over,
});
export const localFacts = (over: Partial<LocalFacts> = {}): LocalFacts => ({
  id: 'A0000001',
  tin: '510104100000019',
  uscc: null,
  name: '锦江物流有限公司',
  division: '510104',
  industryCode: '5430',
  status: 'NORMAL',
  statusChangedOn: null,
  taxOffice: { code: '25101040000' },
  administrator: { code: '51010401' },
  registeredOn: '2010-01-05',
  deregisteredOn: null,
  dataIssues: [],
  returns: [],
  turnoverQuotas: [],
  deemedCit: [],
  creditRatings: [],
  ...over,
});
export const subjectFacts = (over: Partial<SubjectFacts> = {}): SubjectFacts => ({
  subject: 'uscc:91510104100000019X',
  uscc: '91510104100000019X',
  registration: null,
  national: [],
  local: [],
  payments: [],
  unavailable: [],
  ...over,
});
export const RULE_CONTEXT: RuleContext = { asOf: '2016-03-31', deemedReference: () => undefined };
export const registryFacts = (over: Partial<RegistryFacts> = {}): RegistryFacts => ({
  id: 'P1',
  uscc: '91510104100000019X',
  name: 'x',
  division: '510104',
  industryCode: '5430',
  status: 'ACTIVE',
  establishedOn: '2014-01-01',
  cancelledOn: null,
  migratedOutOn: null,
  dataIssues: [],
  entityType: 'LIMITED_LIABILITY_COMPANY',
  ...over,
});
