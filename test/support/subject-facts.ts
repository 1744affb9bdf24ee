/**
 * Hand-made facts for the cooperation rules' unit tests: one carrier in Chengdu's Jinjiang district as
 * each source would answer for it, every field overridable.
 */
import type { LocalFacts, NationalFacts, SubjectFacts } from '../../subgraphs/cooperation/rules/facts';

export const national = (over: Partial<NationalFacts> = {}): NationalFacts => ({
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
  returns: [],
  turnoverQuotas: [],
  deemedCit: [],
  creditRatings: [],
  freightInvoices: [],
  ...over,
});
export const local = (over: Partial<LocalFacts> = {}): LocalFacts => ({
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
export const subject = (over: Partial<SubjectFacts> = {}): SubjectFacts => ({
  subject: 'uscc:91510104100000019X',
  uscc: '91510104100000019X',
  registration: null,
  national: [],
  local: [],
  payments: [],
  unavailable: [],
  ...over,
});
