import { addDays } from '../../../../shared/dates';
import { chinaDay } from '../amounts';
import type { PaymentFacts } from '../facts';
import { finding, RuleContext, RuleFinding } from '../finding';
import { TREASURY_GRACE_DAYS } from '../reference';
import type { Subject } from '../subject';

/** The division inside an 11-digit tax office code (characters 2-7). */
const officeDivision = (office: string) => (/^\d{7}/.test(office) ? office.slice(1, 7) : null);

function paymentFindings(s: Subject, p: PaymentFacts, graceEnd: string, orphan: boolean): RuleFinding[] {
  const out: RuleFinding[] = [];
  const record = { source: 'treasury-bank' as const, id: `${p.taxOfficeCode}/${p.voucherNo}` };
  const filed = { taxOfficeCodes: [p.taxOfficeCode], year: Number(p.entrustedOn.slice(0, 4)) };
  if (p.status === 'DEDUCTED' && p.deductedAt && chinaDay(p.deductedAt) <= graceEnd) {
    out.push(
      finding(s, {
        kind: 'DEDUCTED_NOT_IN_TREASURY',
        record,
        sources: ['treasury-bank'],
        detail:
          `Voucher ${p.voucherNo} of office ${p.taxOfficeCode}: ${p.amount} yuan deducted by bank ${p.bankCode} on ${chinaDay(p.deductedAt)}, ` +
          `not in the treasury after ${TREASURY_GRACE_DAYS} days.`,
        values: [
          { source: 'treasury-bank', field: 'status', value: p.status },
          { source: 'treasury-bank', field: 'deductedAt', value: p.deductedAt },
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
        detail: `Voucher ${p.voucherNo} of office ${p.taxOfficeCode}: ${p.amount} yuan paid under a TIN neither bureau has registered.`,
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

/** Task 15: payments deducted but not in the treasury after the grace days, and payments whose payer no tax office knows. */
export function paymentFollowUps(s: Subject, ctx: RuleContext): RuleFinding[] {
  if (!s.has('treasury-bank')) return [];
  const graceEnd = addDays(ctx.asOf, -TREASURY_GRACE_DAYS);
  const orphan = s.has('national-tax', 'local-tax') && s.facts.national.length === 0 && s.facts.local.length === 0;
  return s.facts.payments.flatMap((p) => paymentFindings(s, p, graceEnd, orphan));
}
