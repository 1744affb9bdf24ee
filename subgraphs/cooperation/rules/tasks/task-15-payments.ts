import { addDays } from '../../../../shared/dates';
import { chinaDay, fen, yuanText } from '../amounts';
import type { PaymentFacts } from '../facts';
import { finding, RuleContext, RuleFinding } from '../finding';
import { LEDGER_GRACE_DAYS, PENDING_DEDUCTION_DAYS, TREASURY_GRACE_DAYS } from '../reference';
import type { Subject } from '../subject';

/** The division inside an 11-digit tax office code (characters 2-7). */
const officeDivision = (office: string) => (/^\d{7}/.test(office) ? office.slice(1, 7) : null);

/** A voucher's key in both TIPS and the bureaus' ledgers: tax office and voucher number. */
const voucherKey = (office: string, voucher: string) => `${office}/${voucher}`;

/** Statuses of a payment the bank deducted (it reached, or is on its way to, the treasury). */
const DEDUCTED = new Set(['DEDUCTED', 'IN_TREASURY', 'REFUNDED']);
const IN_TREASURY = new Set(['IN_TREASURY', 'REFUNDED']);

/** The bureau whose tax office levied a payment: national codes begin with 1, local with 2. */
const bureauOf = (office: string): 'national-tax' | 'local-tax' | null =>
  office.startsWith('1') ? 'national-tax' : office.startsWith('2') ? 'local-tax' : null;

/** A refused deduction is closed by a later one of the same office, payer, tax type and period that the bank deducted. */
function repaid(p: PaymentFacts, all: PaymentFacts[]): boolean {
  return all.some(
    (q) =>
      q !== p &&
      DEDUCTED.has(q.status) &&
      q.taxOfficeCode === p.taxOfficeCode &&
      (q.payerTin ?? '').trim() === (p.payerTin ?? '').trim() &&
      q.taxType === p.taxType &&
      (q.periodFrom ?? null) === (p.periodFrom ?? null) &&
      (q.periodTo ?? null) === (p.periodTo ?? null) &&
      q.entrustedOn >= p.entrustedOn,
  );
}

interface Limits {
  /** Deducted on or before this day and not in the treasury: late. */
  deductedBy: string;
  /** Entrusted before this day and still awaiting the bank: late. */
  entrustedBefore: string;
}

function paymentFindings(s: Subject, p: PaymentFacts, limits: Limits, orphan: boolean): RuleFinding[] {
  const out: RuleFinding[] = [];
  const record = { source: 'treasury-bank' as const, id: voucherKey(p.taxOfficeCode, p.voucherNo) };
  const filed = { taxOfficeCodes: [p.taxOfficeCode], year: Number(p.entrustedOn.slice(0, 4)) };
  const voucher = `Voucher ${p.voucherNo} of office ${p.taxOfficeCode}`;
  if (p.status === 'DEDUCTED' && p.deductedAt && chinaDay(p.deductedAt) < limits.deductedBy) {
    out.push(
      finding(s, {
        kind: 'DEDUCTED_NOT_IN_TREASURY',
        record,
        sources: ['treasury-bank'],
        detail:
          `${voucher}: ${p.amount} yuan deducted by bank ${p.bankCode} on ${chinaDay(p.deductedAt)}, ` +
          `not in the treasury more than ${TREASURY_GRACE_DAYS} days later.`,
        values: [
          { source: 'treasury-bank', field: 'status', value: p.status },
          { source: 'treasury-bank', field: 'deductedAt', value: p.deductedAt },
          { source: 'treasury-bank', field: 'amount', value: p.amount },
        ],
        ...filed,
      }),
    );
  }
  if (p.status === 'FAILED' && !repaid(p, s.facts.payments)) {
    out.push(
      finding(s, {
        kind: 'PAYMENT_DEDUCTION_FAILED',
        record,
        sources: ['treasury-bank'],
        detail:
          `${voucher}: the bank ${p.bankCode} refused the deduction of ${p.amount} yuan (${p.taxType}, entrusted ${p.entrustedOn}), ` +
          'and no later deduction paid it.',
        values: [
          { source: 'treasury-bank', field: 'status', value: p.status },
          { source: 'treasury-bank', field: 'amount', value: p.amount },
          { source: 'treasury-bank', field: 'entrustedOn', value: p.entrustedOn },
        ],
        ...filed,
      }),
    );
  }
  if (p.status === 'AWAITING_DEDUCTION' && p.entrustedOn < limits.entrustedBefore) {
    out.push(
      finding(s, {
        kind: 'PAYMENT_LONG_PENDING',
        record,
        sources: ['treasury-bank'],
        detail:
          `${voucher}: ${p.amount} yuan entrusted to bank ${p.bankCode} on ${p.entrustedOn}, ` +
          `still awaiting deduction more than ${PENDING_DEDUCTION_DAYS} days later.`,
        values: [
          { source: 'treasury-bank', field: 'status', value: p.status },
          { source: 'treasury-bank', field: 'entrustedOn', value: p.entrustedOn },
          { source: 'treasury-bank', field: 'amount', value: p.amount },
        ],
        ...filed,
      }),
    );
  }
  if (orphan) {
    out.push(
      finding(s, {
        kind: 'ORPHAN_PAYMENT',
        record,
        sources: ['treasury-bank', 'national-tax', 'local-tax'],
        detail: `${voucher}: ${p.amount} yuan paid under a TIN neither bureau has registered.`,
        values: [
          { source: 'treasury-bank', field: 'payerTin', value: p.payerTin },
          { source: 'treasury-bank', field: 'amount', value: p.amount },
        ],
        ...filed,
        division: officeDivision(p.taxOfficeCode),
      }),
    );
  }
  return out;
}

/** One voucher a bureau booked as collected, whichever bureau's ledger it comes from. */
interface Booked {
  source: 'national-tax' | 'local-tax';
  taxOfficeCode: string;
  voucherNumber: string;
  amountPaid: string;
  paidOn: string | null;
  throughTips: boolean;
}

function bookedOf(s: Subject): Booked[] {
  const national = s.has('national-tax')
    ? s.national.flatMap((r) =>
        r.payments.map((p) => ({
          source: 'national-tax' as const,
          taxOfficeCode: r.taxOffice.code,
          voucherNumber: p.voucherNumber ?? '',
          amountPaid: p.amountPaid,
          paidOn: p.paidOn ?? null,
          throughTips: p.throughTips ?? false,
        })),
      )
    : [];
  const local = s.has('local-tax') ? s.local.flatMap((r) => (r.ledger ?? []).map((e) => ({ source: 'local-tax' as const, ...e }))) : [];
  return [...national, ...local];
}

/** Whether the subject has records in the bureau and their ledgers were read (facts made for other rules may leave them out). */
function ledgerRead(s: Subject, bureau: 'national-tax' | 'local-tax'): boolean {
  if (bureau === 'national-tax')
    return s.national.length > 0 && s.national.every((r) => r.payments.every((p) => p.voucherNumber !== undefined));
  return s.local.length > 0 && s.local.every((r) => r.ledger !== undefined);
}

/** What a bureau booked under one TIPS voucher: the sum of its records (a monthly VAT filer's quarter is three), the last day booked. */
interface BookedVoucher {
  source: 'national-tax' | 'local-tax';
  taxOfficeCode: string;
  voucherNumber: string;
  /** Fen. */
  amount: bigint;
  records: number;
  paidOn: string | null;
}

function bookedThroughTips(booked: Booked[]): BookedVoucher[] {
  const byKey = new Map<string, BookedVoucher>();
  for (const b of booked) {
    if (!b.throughTips || !b.voucherNumber) continue;
    const key = `${b.source}|${voucherKey(b.taxOfficeCode, b.voucherNumber)}`;
    const v = byKey.get(key);
    if (!v) {
      byKey.set(key, { ...b, amount: fen(b.amountPaid), records: 1 });
      continue;
    }
    v.amount += fen(b.amountPaid);
    v.records += 1;
    if (b.paidOn && (!v.paidOn || b.paidOn > v.paidOn)) v.paidOn = b.paidOn;
  }
  return [...byKey.values()];
}

/**
 * Both ledgers against TIPS, voucher by voucher (tax office and voucher number): a voucher booked as
 * paid through TIPS that TIPS never deducted (none, refused or still awaiting; a deducted one not in
 * the treasury is DEDUCTED_NOT_IN_TREASURY already), one in the treasury its bureau never booked,
 * and amounts that differ: the SUM of the records a bureau booked under the voucher (a monthly VAT
 * filer's three levy records of a quarter share its TIPS voucher) against TIPS's amount. A bureau
 * that could not be asked is not judged, nor TIPS; a payment no bureau knows the payer of is an
 * ORPHAN_PAYMENT, not a booking gap.
 */
function ledgerFindings(s: Subject, ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const booked = bookedOf(s);
  const tips = new Map(s.facts.payments.map((p) => [voucherKey(p.taxOfficeCode, p.voucherNo), p]));
  const bookedKeys = new Set(booked.filter((b) => b.voucherNumber).map((b) => voucherKey(b.taxOfficeCode, b.voucherNumber)));
  const bookedBy = addDays(ctx.asOf, -LEDGER_GRACE_DAYS);
  for (const b of bookedThroughTips(booked)) {
    const key = voucherKey(b.taxOfficeCode, b.voucherNumber);
    const p = tips.get(key);
    const amountPaid = yuanText(b.amount);
    const under = b.records > 1 ? ` (${b.records} records)` : '';
    const record = { source: b.source, id: key };
    const filed = { taxOfficeCodes: [b.taxOfficeCode], year: b.paidOn ? Number(b.paidOn.slice(0, 4)) : null };
    const values = [
      { source: b.source, field: 'voucherNumber', value: b.voucherNumber },
      { source: b.source, field: 'amountPaid', value: amountPaid },
      { source: b.source, field: 'paidOn', value: b.paidOn },
      { source: 'treasury-bank' as const, field: 'status', value: p?.status ?? null },
      { source: 'treasury-bank' as const, field: 'amount', value: p?.amount ?? null },
    ];
    if ((!p || !DEDUCTED.has(p.status)) && b.paidOn && b.paidOn < bookedBy) {
      out.push(
        finding(s, {
          kind: 'BOOKED_NOT_IN_TREASURY',
          record,
          sources: [b.source, 'treasury-bank'],
          detail:
            `Voucher ${b.voucherNumber} of office ${b.taxOfficeCode}: ${amountPaid} yuan${under} booked as paid through TIPS on ${b.paidOn}; ` +
            (p ? `TIPS shows it ${p.status}.` : 'TIPS has no such voucher.'),
          values,
          ...filed,
        }),
      );
    } else if (p && DEDUCTED.has(p.status) && fen(p.amount) !== b.amount) {
      out.push(
        finding(s, {
          kind: 'BOOKED_AMOUNT_MISMATCH',
          record,
          sources: [b.source, 'treasury-bank'],
          detail: `Voucher ${b.voucherNumber} of office ${b.taxOfficeCode}: booked ${amountPaid} yuan${under}, TIPS deducted ${p.amount} yuan.`,
          values,
          ...filed,
        }),
      );
    }
  }
  // A citizen-ID TIN can be held by two businesses' registrations: a payment under it belongs to the one its payer name names.
  const names = new Set([...s.national, ...s.local].map((r) => r.name.trim()));
  for (const p of s.facts.payments) {
    if (p.payerName && !names.has(p.payerName.trim())) continue;
    const bureau = bureauOf(p.taxOfficeCode);
    if (bureau !== 'national-tax' && bureau !== 'local-tax') continue;
    if (!IN_TREASURY.has(p.status) || !s.has(bureau)) continue;
    // Only a taxpayer the bureau knows has a ledger there to miss the voucher, and only a ledger that was read can miss it.
    if (!ledgerRead(s, bureau)) continue;
    const key = voucherKey(p.taxOfficeCode, p.voucherNo);
    if (bookedKeys.has(key)) continue;
    out.push(
      finding(s, {
        kind: 'TREASURY_NOT_BOOKED',
        record: { source: 'treasury-bank', id: key },
        sources: ['treasury-bank', bureau],
        detail: `Voucher ${p.voucherNo} of office ${p.taxOfficeCode}: ${p.amount} yuan in the treasury since ${p.inTreasuryAt}, not booked by the office.`,
        values: [
          { source: 'treasury-bank', field: 'status', value: p.status },
          { source: 'treasury-bank', field: 'amount', value: p.amount },
          { source: 'treasury-bank', field: 'inTreasuryAt', value: p.inTreasuryAt },
        ],
        taxOfficeCodes: [p.taxOfficeCode],
        year: Number(p.entrustedOn.slice(0, 4)),
      }),
    );
  }
  return out;
}

/**
 * Task 15: payments deducted and not in the treasury, refused and not paid again, or awaiting the
 * bank too long (the time limits are practice: reference.ts); payments whose payer no tax office
 * knows; and both bureaus' ledgers against TIPS, voucher by voucher.
 */
export function paymentFollowUps(s: Subject, ctx: RuleContext): RuleFinding[] {
  if (!s.has('treasury-bank')) return [];
  // More than TREASURY_GRACE_DAYS days: deducted before (as-of - grace), exactly grace days is not late.
  const limits = { deductedBy: addDays(ctx.asOf, -TREASURY_GRACE_DAYS), entrustedBefore: addDays(ctx.asOf, -PENDING_DEDUCTION_DAYS) };
  const orphan = s.has('national-tax', 'local-tax') && s.facts.national.length === 0 && s.facts.local.length === 0;
  return [...s.facts.payments.flatMap((p) => paymentFindings(s, p, limits, orphan)), ...ledgerFindings(s, ctx)];
}
