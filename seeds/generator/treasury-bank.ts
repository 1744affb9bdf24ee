/**
 * TIPS (财税库银): tax payment agreements, the payments banks deduct for both bureaus, their
 * entry into the treasury and the occasional refund (task 15).
 */
import { addDays } from '../../shared/dates';
import { fenToYuan } from '../../shared/money';
import { AS_OF, BANKS, LEVY_ITEMS, LOCAL_TAX_TYPES, LOCAL_TO_LEVY, QUARTERS, uctBudgetSubject } from '../reference';
import type { Emitter } from './emitter';
import { localOffice, nationalOffice } from './offices';
import { RATES_OF_PLANTING } from './rates';
import type { QuarterTaxes } from './returns';
import { Taxpayer, who } from './taxpayer';
import { base36, compact, pad } from './values';

/** What is paid to which bureau: office, payer's TIN there, TIPS tax type, amount and budget codes. */
interface PaymentLine {
  office: string;
  tin: string;
  levy: string;
  /** Fen. */
  amount: number;
  level: string;
  subject: string;
}

/** When, for which tax period and from which account a payment is deducted; `seq` numbers it within the taxpayer. */
interface Deduction {
  entrust: string;
  from: string;
  to: string;
  seq: number;
  bank: string;
  account: string;
  pending?: 'awaiting' | 'recent';
}

/** Most taxpayers pay by agreement with their bank: each bureau's quarterly taxes, plus payments still moving at the as-of date. */
export function payments(tp: Taxpayer, taxes: QuarterTaxes[], out: Emitter): void {
  const { r, area } = tp;
  if (!r.chance(RATES_OF_PLANTING.protocol)) return;
  const bank = r.pick(BANKS).code;
  const account = `6222${pad(r.int(0, 999_999_999), 9)}${pad(tp.i % 1_000_000, 6)}`;
  const since = compact(tp.registered);
  const national = nationalOffice(area);
  const local = localOffice(area);
  out.row('tProtocol', {
    ProtocolNo: `N${tp.djxh}`,
    TaxOrgCode: national,
    TaxPayCode: tp.nationalTin,
    PayBkCode: bank,
    PayAcct: account,
    HandleDate: since,
  });
  out.row('tProtocol', {
    ProtocolNo: `L${tp.jsjdm}`,
    TaxOrgCode: local,
    TaxPayCode: tp.localTin,
    PayBkCode: bank,
    PayAcct: account,
    HandleDate: since,
  });
  for (const t of taxes) {
    const { from, to, filed } = QUARTERS[t.quarter];
    const seq = t.quarter * 10;
    const lines: PaymentLine[] = [
      { office: national, tin: tp.nationalTin, levy: LEVY_ITEMS.VAT, amount: t.vat, level: '1', subject: '1010101' },
      {
        office: local,
        tin: tp.localTin,
        levy: LOCAL_TO_LEVY[LOCAL_TAX_TYPES.BUSINESS],
        amount: t.business,
        level: '3',
        subject: '1010301',
      },
      { office: local, tin: tp.localTin, levy: LOCAL_TO_LEVY[LOCAL_TAX_TYPES.UCT], amount: t.uct, level: '3', subject: t.uctSubject },
    ];
    lines.forEach((line, k) => {
      if (line.amount > 0) payment(tp, line, { entrust: filed, from, to, seq: seq + k, bank, account }, out);
    });
  }
  // Payments still moving at the as-of date: awaiting deduction, or deducted within the grace days.
  const from = '2016-01-01';
  const to = '2016-03-31';
  if (r.chance(0.05)) {
    const subject = taxes[0]?.uctSubject ?? uctBudgetSubject(null);
    const line = { office: local, tin: tp.localTin, levy: '10109', amount: r.int(100, 5000) * 100, level: '3', subject };
    payment(tp, line, { entrust: AS_OF, from, to, seq: 90, bank, account, pending: 'awaiting' }, out);
  } else if (r.chance(0.03)) {
    const line = { office: national, tin: tp.nationalTin, levy: '10101', amount: r.int(100, 5000) * 100, level: '1', subject: '1010101' };
    payment(tp, line, { entrust: addDays(AS_OF, -1), from, to, seq: 91, bank, account, pending: 'recent' }, out);
  }
}

/** One payment (TaxPayment), its treasury entry (TreasuryEntry) unless it failed or stuck, and perhaps a refund. */
function payment(tp: Taxpayer, p: PaymentLine, d: Deduction, out: Emitter): void {
  const { r } = tp;
  const traNo = base36(tp.i * 100 + d.seq, 8);
  const voucherNo = `${p.office.slice(0, 1)}${pad(tp.i, 10)}${pad(d.seq, 2)}`;
  const time = `${pad(r.int(8, 17), 2)}${pad(r.int(0, 59), 2)}${pad(r.int(0, 59), 2)}`;
  let result: string | null = '90000';
  let addWord: string | null = null;
  let deducted: string | null = d.entrust;
  let treasury: string | null = addDays(d.entrust, r.int(0, 1));
  if (d.pending === 'awaiting') {
    result = null;
    deducted = null;
    treasury = null;
  } else if (d.pending === 'recent') {
    treasury = null;
  } else if (r.chance(RATES_OF_PLANTING.failedPayment)) {
    result = '94051';
    addWord = '账户余额不足';
    deducted = null;
    treasury = null;
  } else if (r.chance(RATES_OF_PLANTING.stuckPayment)) {
    treasury = null;
    out.case('DEDUCTED_NOT_IN_TREASURY', {
      ...who(tp, p.tin),
      taxOfficeCode: p.office,
      voucherNo,
      detail: { deductedOn: d.entrust, amount: fenToYuan(p.amount), bankCode: d.bank },
    });
  }
  const payMode = r.pick(['1', '2', '2', '3']);
  const entrusted = compact(d.entrust);
  // Plain literals, no object spread: this is the generator's hottest path, and spreading here cost it half its speed.
  out.row('tPayment', {
    TaxOrgCode: p.office,
    EntrustDate: entrusted,
    TraNo: traNo,
    TaxVouNo: voucherNo,
    TaxPayCode: p.tin,
    TaxPayName: tp.name,
    PayBkCode: d.bank,
    PayAcct: d.account,
    TreCode: tp.area.treasury,
    TraAmt: fenToYuan(p.amount),
    TaxTypeCode: p.levy,
    BudgetSubjectCode: p.subject,
    BudgetLevelCode: p.level,
    TaxStartDate: compact(d.from),
    TaxEndDate: compact(d.to),
    PayMode: payMode,
    Result: result,
    AddWord: addWord,
    DeductDate: deducted ? compact(deducted) : null,
    DeductTime: deducted ? time : null,
  });
  if (treasury) {
    out.row('tTreasury', {
      TaxOrgCode: p.office,
      EntrustDate: entrusted,
      TraNo: traNo,
      TreCode: tp.area.treasury,
      TreDate: compact(treasury),
      TreTime: time,
    });
    if (r.chance(RATES_OF_PLANTING.refund)) {
      const on = addDays(treasury, r.int(10, 40));
      const amount = fenToYuan(Math.round(p.amount / 2));
      if (on <= AS_OF) {
        out.row('tRefund', {
          RefundNo: `R${voucherNo}`,
          TaxOrgCode: p.office,
          OriTaxVouNo: voucherNo,
          RefundAmt: amount,
          RefundDate: compact(on),
          RefundTime: time,
        });
      }
    }
  }
}

/** A payment whose TIN no tax office knows (a typo at the bank counter), with its treasury entry. */
export function orphanPayment(tp: Taxpayer, out: Emitter): void {
  const office = localOffice(tp.area);
  const voucherNo = `X${pad(tp.i, 10)}99`;
  const tin = `${tp.area.division}00000000${pad(tp.i % 10, 1)}`;
  const entry = { TaxOrgCode: office, EntrustDate: '20160115', TraNo: base36(tp.i * 100 + 99, 8) };
  out.row('tPayment', {
    ...entry,
    TaxVouNo: voucherNo,
    TaxPayCode: tin,
    TaxPayName: '无名户',
    PayBkCode: BANKS[0].code,
    PayAcct: null,
    TreCode: tp.area.treasury,
    TraAmt: '120.00',
    TaxTypeCode: '10109',
    BudgetSubjectCode: uctBudgetSubject(null),
    BudgetLevelCode: '3',
    TaxStartDate: '20151001',
    TaxEndDate: '20151231',
    PayMode: '3',
    Result: '90000',
    AddWord: null,
    DeductDate: '20160115',
    DeductTime: '100000',
  });
  out.row('tTreasury', { ...entry, TreCode: tp.area.treasury, TreDate: '20160116', TreTime: '100000' });
  out.case('ORPHAN_PAYMENT', { source: 'treasury-bank', taxOfficeCode: office, voucherNo, legacyId: tin });
}
