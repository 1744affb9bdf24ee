import type { LegacySource } from '../../../shared/sources';

/**
 * What the rules read about one subject: every record each source holds for it, in the graph's own
 * names (never a legacy column), as the source subgraphs answer the selections below. The same
 * selections serve a live `Taxpayer.findings` and a reconciliation run, so both judge the same facts.
 */
export interface DataIssueFact {
  field: string;
  problem: string;
  description: string;
}

export interface RegistryFacts {
  id: string;
  uscc: string | null;
  name: string;
  division: string;
  industryCode: string | null;
  status: string;
  establishedOn: string | null;
  cancelledOn: string | null;
  migratedOutOn: string | null;
  dataIssues: DataIssueFact[];
  /** The kind of entity: an individual business (INDIVIDUAL_BUSINESS) is task 11's household. */
  entityType: string;
  /** Tasks 2 and 9 (optional so hand-made facts may leave them out): the licence's revocation, the person and address on it. */
  revokedOn?: string | null;
  legalRepresentative?: { name: string | null } | null;
  address?: string | null;
}

export interface NationalFacts {
  id: string;
  tin: string;
  uscc: string | null;
  name: string;
  division: string;
  industry: { code: string };
  status: string;
  abnormalSince: string | null;
  taxOffice: { code: string };
  administrator: { code: string } | null;
  registeredOn: string;
  deregisteredOn: string | null;
  dataIssues: DataIssueFact[];
  /** Task 2 (optional so hand-made facts may leave them out): the person and registered address on the record. */
  legalRepresentative?: { name: string | null } | null;
  addresses?: { registered: string | null };
  /** Levy records: tax actually paid; `kind` DECLARED, AUDIT_BACK_TAX (查补) or DEFERRED (缓缴). */
  payments: {
    levyItem: string;
    periodFrom: string;
    periodTo: string;
    amountPaid: string;
    exemptCredit: string;
    kind: string;
    /** Task 15's reconciliation reads these (optional: facts made by hand for other rules may leave them out). */
    voucherNumber?: string;
    paidOn?: string;
    throughTips?: boolean;
  }[];
  /** Returns filed, every tax: the periods (task 14, 清税) and, on VAT returns, the transport sales a carrier declared (task 6, VAT era). */
  returns: { levyItem: string; periodFrom: string; periodTo: string; taxDue: string; transportSales: string }[];
  turnoverQuotas: { year: number; monthlyTurnover: string }[];
  deemedCit: { year: number; deemedIncomeRate: string }[];
  creditRatings: { year: number; score: number; grade: string }[];
  /** Freight invoices the record's TIN issued as carrier, each with its recipient's deduction (null: not deducted). */
  freightInvoices: {
    code: string;
    number: string;
    issuedOn: string;
    freightAmount: string;
    deduction: { deductedOn: string; amount: string } | null;
  }[];
}

export interface LocalFacts {
  id: string;
  tin: string;
  uscc: string | null;
  name: string;
  division: string;
  industryCode: string;
  status: string | null;
  statusChangedOn: string | null;
  taxOffice: { code: string };
  administrator: { code: string } | null;
  registeredOn: string | null;
  deregisteredOn: string | null;
  dataIssues: DataIssueFact[];
  /** Task 2 (optional so hand-made facts may leave them out): the person and address on the record. */
  legalRepresentative?: { name: string | null } | null;
  address?: string | null;
  returns: {
    taxType: string | null;
    periodFrom: string | null;
    periodTo: string | null;
    taxableBase: string;
    rate: string;
    taxDue: string;
    /** Tax paid on the line (business tax counts in the UCT base by it); `kind` RETURN or AUDIT_BACK_TAX (查补). */
    amountPaid: string;
    kind: string;
  }[];
  turnoverQuotas: { year: number; monthlyTurnover: string }[];
  deemedCit: { year: number; deemedIncomeRate: string }[];
  creditRatings: { year: number; score: number; grade: string | null }[];
  /** The payment ledger (SP_JK): what the bureau booked as collected, one voucher each (optional as above). */
  ledger?: LedgerEntryFacts[];
}

/** One voucher a local tax office booked as collected. */
export interface LedgerEntryFacts {
  taxOfficeCode: string;
  voucherNumber: string;
  taxType: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  amountPaid: string;
  paidOn: string | null;
  throughTips: boolean;
}

export interface PaymentFacts {
  taxOfficeCode: string;
  voucherNo: string;
  status: string;
  amount: string;
  taxType: string;
  bankCode: string;
  payerTin: string | null;
  /** The payer's name as the tax office sent it (optional: facts made for other rules may leave it out). */
  payerName?: string | null;
  entrustedOn: string;
  periodFrom?: string | null;
  periodTo?: string | null;
  deductedAt: string | null;
  inTreasuryAt: string | null;
  taxpayer: { uscc: string } | null;
}

/** Whom the facts are about: a taxpayer (USCC), or a record no USCC can be given for. */
export type SubjectRef =
  | { uscc: string }
  | { source: 'national-tax' | 'local-tax'; id: string }
  | { source: 'treasury-bank'; taxOfficeCode: string; voucherNo: string };

export interface SubjectFacts {
  /** The canonical key: `uscc:<USCC>`, `national-tax:<DJXH>`, `local-tax:<JSJDM>` or `treasury-bank:<office>/<voucher>`. */
  subject: string;
  uscc: string | null;
  registration: RegistryFacts | null;
  national: NationalFacts[];
  local: LocalFacts[];
  payments: PaymentFacts[];
  /** Sources that could not be asked: their rules are not judged (never a finding from missing data). */
  unavailable: LegacySource[];
}

export const subjectKey = (ref: SubjectRef): string =>
  'uscc' in ref
    ? `uscc:${ref.uscc}`
    : ref.source === 'treasury-bank'
      ? `treasury-bank:${ref.taxOfficeCode}/${ref.voucherNo}`
      : `${ref.source}:${ref.id}`;

const ISSUES = 'dataIssues { field problem description }';

export const REGISTRY_SELECTION = `id uscc name division industryCode status establishedOn cancelledOn migratedOutOn ${ISSUES}
  entityType revokedOn legalRepresentative { name } address`;

export const NATIONAL_SELECTION = `id tin uscc name division industry { code } status abnormalSince taxOffice { code } administrator { code }
  registeredOn deregisteredOn ${ISSUES} legalRepresentative { name } addresses { registered }
  payments { levyItem periodFrom periodTo amountPaid exemptCredit kind voucherNumber paidOn throughTips }
  returns { levyItem periodFrom periodTo taxDue transportSales }
  turnoverQuotas { year monthlyTurnover } deemedCit { year deemedIncomeRate } creditRatings { year score grade }
  freightInvoices { code number issuedOn freightAmount deduction { deductedOn amount } }`;

export const LOCAL_SELECTION = `id tin uscc name division industryCode status statusChangedOn taxOffice { code } administrator { code }
  registeredOn deregisteredOn ${ISSUES} legalRepresentative { name } address
  returns { taxType periodFrom periodTo taxableBase rate taxDue amountPaid kind }
  turnoverQuotas { year monthlyTurnover } deemedCit { year deemedIncomeRate } creditRatings { year score grade }
  ledger { taxOfficeCode voucherNumber taxType periodFrom periodTo amountPaid paidOn throughTips }`;

export const PAYMENT_SELECTION =
  'taxOfficeCode voucherNo status amount taxType bankCode payerTin payerName entrustedOn periodFrom periodTo deductedAt inTreasuryAt taxpayer { uscc }';
