/**
 * The generator's TIPS rows and both bureaus' payment ledgers, read back per taxpayer as the task-15
 * rule reads them (no database: the rows as generated, their statuses derived as the treasury-bank
 * repository derives them), give exactly the task-15 cases the manifest lists. A quick check of the
 * ground truth that the end-to-end test (test/e2e/cooperation.test.ts) then proves through the graph.
 */
import type { LegacySource } from '../../shared/sources';
import { fenToYuan, yuanToFen } from '../../shared/money';
import { generateTaxpayer } from '../../seeds/generator';
import type { Emitter } from '../../seeds/generator/emitter';
import type { CaseEntry, CaseKind } from '../../seeds/manifest';
import { AS_OF } from '../../seeds/reference';
import type { RowOf, TableKey } from '../../seeds/tables';
import type { LedgerEntryFacts, PaymentFacts, SubjectFacts } from '../../subgraphs/cooperation/rules/facts';
import { subjectOf } from '../../subgraphs/cooperation/rules/subject';
import { paymentFollowUps } from '../../subgraphs/cooperation/rules/tasks/task-15-payments';

const KINDS: CaseKind[] = [
  'DEDUCTED_NOT_IN_TREASURY',
  'PAYMENT_DEDUCTION_FAILED',
  'PAYMENT_LONG_PENDING',
  'BOOKED_NOT_IN_TREASURY',
  'TREASURY_NOT_BOOKED',
  'BOOKED_AMOUNT_MISMATCH',
];

/** One taxpayer's rows of the tables task 15 reads, and its cases. */
class Rows implements Emitter {
  rows: { [K in TableKey]?: RowOf<K>[] } = {};
  cases: { kind: CaseKind; entry: CaseEntry }[] = [];
  row<K extends TableKey>(table: K, row: RowOf<K>): void {
    ((this.rows[table] ??= []) as RowOf<K>[]).push(row);
  }
  case(kind: CaseKind, entry: CaseEntry): void {
    this.cases.push({ kind, entry });
  }
  identity(): void {}
  event(): void {}
  deemed(): void {}
}

const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/** The taxpayer's facts as the sources would answer them (statuses as STATUS_SQL derives them). */
function factsOf(out: Rows): SubjectFacts {
  const treasury = new Map((out.rows.tTreasury ?? []).map((t) => [`${t.TaxOrgCode}|${t.EntrustDate}|${t.TraNo}`, t]));
  const refunded = new Map<string, bigint>();
  for (const r of out.rows.tRefund ?? []) {
    const k = `${r.TaxOrgCode}/${r.OriTaxVouNo}`;
    refunded.set(k, (refunded.get(k) ?? 0n) + yuanToFen(String(r.RefundAmt)));
  }
  const payments: PaymentFacts[] = (out.rows.tPayment ?? []).map((p) => {
    const t = treasury.get(`${p.TaxOrgCode}|${p.EntrustDate}|${p.TraNo}`);
    const key = `${p.TaxOrgCode}/${p.TaxVouNo}`;
    const amount = String(p.TraAmt);
    const status = !p.Result
      ? 'AWAITING_DEDUCTION'
      : p.Result !== '90000'
        ? 'FAILED'
        : !t
          ? 'DEDUCTED'
          : (refunded.get(key) ?? -1n) >= yuanToFen(amount)
            ? 'REFUNDED'
            : 'IN_TREASURY';
    return {
      taxOfficeCode: String(p.TaxOrgCode),
      voucherNo: String(p.TaxVouNo),
      status,
      amount,
      taxType: String(p.TaxTypeCode),
      bankCode: String(p.PayBkCode),
      payerTin: String(p.TaxPayCode),
      payerName: String(p.TaxPayName),
      entrustedOn: iso(String(p.EntrustDate)),
      periodFrom: iso(String(p.TaxStartDate)),
      periodTo: iso(String(p.TaxEndDate)),
      deductedAt: p.Result === '90000' ? `${iso(String(p.DeductDate))}T10:00:00+08:00` : null,
      inTreasuryAt: t ? `${iso(String(t.TreDate))}T10:00:00+08:00` : null,
      taxpayer: null,
    };
  });
  const reg = out.rows.djNsrxx?.[0];
  const local = out.rows.swdj?.[0];
  const ledger: LedgerEntryFacts[] = (out.rows.spJk ?? []).map((j) => ({
    taxOfficeCode: String(j.swjgdm),
    voucherNumber: String(j.sphm),
    taxType: String(j.szdm),
    periodFrom: iso(String(j.ssqq)),
    periodTo: iso(String(j.ssqz)),
    amountPaid: fenToYuan(Number(j.sjje)),
    paidOn: iso(String(j.jkrq)),
    throughTips: j.jkfs === '1',
  }));
  const base = { dataIssues: [], turnoverQuotas: [], deemedCit: [], creditRatings: [], administrator: null, uscc: null };
  return {
    subject: 'uscc:x',
    uscc: 'x',
    registration: null,
    national: reg
      ? [
          {
            ...base,
            id: String(reg.djxh),
            name: String(reg.nsrmc),
            tin: String(reg.nsrsbh),
            division: '',
            industry: { code: '' },
            status: 'NORMAL',
            abnormalSince: null,
            taxOffice: { code: String(reg.zgswj_dm) },
            registeredOn: String(reg.djrq),
            deregisteredOn: null,
            freightInvoices: [],
            returns: [],
            payments: (out.rows.zsYjsf ?? []).map((z) => ({
              levyItem: String(z.zsxm_dm),
              periodFrom: String(z.skssqq),
              periodTo: String(z.skssqz),
              amountPaid: String(z.sjje),
              exemptCredit: String(z.mdse),
              kind: String(z.skzl_dm),
              voucherNumber: String(z.dzsphm),
              paidOn: String(z.jkrq),
              throughTips: z.jkfs_dm === '01',
            })),
          },
        ]
      : [],
    local: local
      ? [
          {
            ...base,
            id: String(local.jsjdm),
            name: String(local.nsrmc),
            tin: String(local.swdjzh),
            division: '',
            industryCode: '',
            status: 'NORMAL',
            statusChangedOn: null,
            taxOffice: { code: String(local.swjgdm) },
            registeredOn: iso(String(local.djrq)),
            deregisteredOn: null,
            returns: [],
            ledger,
          },
        ]
      : [],
    payments,
    unavailable: [] as LegacySource[],
  };
}

const recordOf = (kind: CaseKind, e: CaseEntry) =>
  `${kind} ${kind === 'DEDUCTED_NOT_IN_TREASURY' ? 'treasury-bank' : e.source}:${e.taxOfficeCode}/${e.voucherNo}`;

test('the generated TIPS rows and ledgers give exactly the planted task-15 cases, each kind planted', () => {
  const expected: string[] = [];
  const found: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const out = new Rows();
    generateTaxpayer(42, i, out);
    // Garbage rows and orphan payments are no taxpayer's: judged elsewhere.
    out.rows.djNsrxx = out.rows.djNsrxx?.filter((r) => !String(r.djxh).startsWith('9'));
    out.rows.tPayment = out.rows.tPayment?.filter((p) => !String(p.TaxVouNo).startsWith('X'));
    for (const c of out.cases) if (KINDS.includes(c.kind)) expected.push(recordOf(c.kind, c.entry));
    const facts = factsOf(out);
    for (const f of paymentFollowUps(subjectOf(facts), { asOf: AS_OF, deemedReference: () => undefined })) {
      if (KINDS.includes(f.kind as CaseKind)) found.push(`${f.kind} ${f.record.source}:${f.record.id}`);
    }
  }
  expect(found.sort()).toEqual(expected.sort());
  for (const kind of KINDS) expect(expected.filter((e) => e.startsWith(`${kind} `)).length).toBeGreaterThan(0);
});
