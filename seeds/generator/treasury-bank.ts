/**
 * TIPS (财税库银): tax payment agreements, the payments banks deduct for both bureaus, their
 * entry into the treasury and the occasional refund, whole or partial (task 15). Each return line's
 * fate comes from ledgers.ts, which the bureaus' payment ledgers were booked from.
 */
import { addDays } from '../../shared/dates';
import { fenToYuan } from '../../shared/money';
import {
  AS_OF,
  BANKS,
  budgetSubject,
  LEVY_ITEMS,
  LOCAL_TAX_TYPES,
  LOCAL_TO_LEVY,
  PENDING_DEDUCTION_DAYS,
  QUARTERS,
  TREASURY_GRACE_DAYS,
} from '../reference';
import { agreementOf, Fate, fateOf, REPAID_SEQ_OFFSET, throughTips, tipsSeq, tipsVoucher } from './ledgers';
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
  /** How it fares: a return line's fate (ledgers.ts), or a payment still moving at the as-of date. */
  fate: Fate | 'awaiting' | 'recent';
}

/** A payment's budget subject: by levy item, the urban construction tax's by the payer's registration type (reference.ts, one home). */
const subjectOf = (tp: Taxpayer, levy: string) => budgetSubject(levy, tp.form.registrationType);

/**
 * Most taxpayers pay by agreement with their bank: each bureau's quarterly taxes, each as the line's
 * fate says (ledgers.ts, which the bureaus' ledgers were booked from), plus payments still moving at
 * the as-of date.
 */
export function payments(tp: Taxpayer, taxes: QuarterTaxes[], out: Emitter): void {
  const { r, area } = tp;
  const agreement = agreementOf(tp);
  if (!agreement) return;
  const { bank, account } = agreement;
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
    const lines: PaymentLine[] = [
      {
        office: national,
        tin: tp.nationalTin,
        levy: LEVY_ITEMS.VAT,
        amount: t.vat - t.vatDeferred,
        level: '1',
        subject: subjectOf(tp, LEVY_ITEMS.VAT),
      },
      {
        office: local,
        tin: tp.localTin,
        levy: LOCAL_TO_LEVY[LOCAL_TAX_TYPES.BUSINESS],
        amount: t.business,
        level: '3',
        subject: subjectOf(tp, LEVY_ITEMS.BUSINESS),
      },
      {
        office: local,
        tin: tp.localTin,
        levy: LOCAL_TO_LEVY[LOCAL_TAX_TYPES.UCT],
        amount: t.uct,
        level: '3',
        subject: subjectOf(tp, LEVY_ITEMS.UCT),
      },
    ];
    for (const line of lines) {
      if (!throughTips(tp, line.levy, line.amount)) continue;
      const { fate, laterDays, offBy } = fateOf(tp, t.quarter, line.levy);
      const seq = tipsSeq(t.quarter, line.levy);
      const deduction: Deduction = { entrust: filed, from, to, seq, bank, account, fate };
      const voucherNo = tipsVoucher(line.office, tp, seq);
      // The year a finding is filed under: the entrustment's, which is also the day the ledger booked it.
      const entry = { ...who(tp, line.tin), taxOfficeCode: line.office, voucherNo, year: Number(filed.slice(0, 4)) };
      const bureau = line.office.startsWith('1') ? 'national-tax' : 'local-tax';
      if (fate === 'amountOff') {
        payment(tp, { ...line, amount: line.amount + offBy }, deduction, voucherNo, out);
        out.case('BOOKED_AMOUNT_MISMATCH', {
          ...entry,
          source: bureau,
          detail: { booked: fenToYuan(line.amount), deducted: fenToYuan(line.amount + offBy) },
        });
        continue;
      }
      payment(tp, line, deduction, voucherNo, out);
      if (fate === 'failed' || fate === 'failedRepaid' || fate === 'bookedFailed') {
        if (fate !== 'failedRepaid')
          out.case('PAYMENT_DEDUCTION_FAILED', { ...entry, source: 'treasury-bank', detail: { amount: fenToYuan(line.amount) } });
        if (fate === 'bookedFailed')
          out.case('BOOKED_NOT_IN_TREASURY', { ...entry, source: bureau, detail: { amount: fenToYuan(line.amount) } });
        if (fate === 'failedRepaid') {
          const again = { ...deduction, entrust: addDays(filed, laterDays), seq: seq + REPAID_SEQ_OFFSET, fate: 'paid' as const };
          payment(tp, line, again, tipsVoucher(line.office, tp, again.seq), out);
        }
      }
      if (fate === 'notBooked')
        out.case('TREASURY_NOT_BOOKED', { ...entry, source: 'treasury-bank', detail: { amount: fenToYuan(line.amount) } });
    }
  }
  // Payments still moving at the as-of date: awaiting deduction (some far longer than they may), or deducted within the grace days.
  const from = '2016-01-01';
  const to = '2016-03-31';
  const pendingLine = {
    office: local,
    tin: tp.localTin,
    levy: '10109',
    amount: r.int(100, 5000) * 100,
    level: '3',
    subject: subjectOf(tp, '10109'),
  };
  const recentLine = {
    office: national,
    tin: tp.nationalTin,
    levy: '10101',
    amount: pendingLine.amount,
    level: '1',
    subject: subjectOf(tp, '10101'),
  };
  const x = r.next();
  if (x < 0.05) {
    payment(tp, pendingLine, { entrust: AS_OF, from, to, seq: 90, bank, account, fate: 'awaiting' }, tipsVoucher(local, tp, 90), out);
  } else if (x < 0.08) {
    // Deducted within the grace days: 0 to TREASURY_GRACE_DAYS days ago is not late; one day more is.
    const late = r.chance(0.25);
    const days = late ? TREASURY_GRACE_DAYS + 1 : r.int(0, TREASURY_GRACE_DAYS);
    const voucherNo = tipsVoucher(national, tp, 91);
    payment(tp, recentLine, { entrust: addDays(AS_OF, -days), from, to, seq: 91, bank, account, fate: 'recent' }, voucherNo, out);
    if (late)
      out.case('DEDUCTED_NOT_IN_TREASURY', {
        ...who(tp, tp.nationalTin),
        taxOfficeCode: national,
        voucherNo,
        detail: { deductedOn: addDays(AS_OF, -days), amount: fenToYuan(recentLine.amount), bankCode: bank },
      });
  } else if (x < 0.095) {
    // Awaiting the bank's answer: exactly PENDING_DEDUCTION_DAYS days is not late; more (76 days, the example, or others) is.
    const days = r.pick([PENDING_DEDUCTION_DAYS, PENDING_DEDUCTION_DAYS + 1, 76, r.int(PENDING_DEDUCTION_DAYS + 2, 120)]);
    const voucherNo = tipsVoucher(local, tp, 92);
    payment(tp, pendingLine, { entrust: addDays(AS_OF, -days), from, to, seq: 92, bank, account, fate: 'awaiting' }, voucherNo, out);
    if (days > PENDING_DEDUCTION_DAYS)
      out.case('PAYMENT_LONG_PENDING', {
        ...who(tp, tp.localTin),
        source: 'treasury-bank',
        taxOfficeCode: local,
        voucherNo,
        year: Number(addDays(AS_OF, -days).slice(0, 4)),
        detail: { days },
      });
  }
}

/** One payment (TaxPayment), its treasury entry (TreasuryEntry) unless it failed or stuck, and perhaps a refund, whole or in part. */
function payment(tp: Taxpayer, p: PaymentLine, d: Deduction, voucherNo: string, out: Emitter): void {
  const { r } = tp;
  const traNo = base36(tp.i * 100 + d.seq, 8);
  const time = `${pad(r.int(8, 17), 2)}${pad(r.int(0, 59), 2)}${pad(r.int(0, 59), 2)}`;
  const refused = d.fate === 'failed' || d.fate === 'failedRepaid' || d.fate === 'bookedFailed';
  let result: string | null = '90000';
  let addWord: string | null = null;
  let deducted: string | null = d.entrust;
  let treasury: string | null = addDays(d.entrust, r.int(0, 1));
  if (d.fate === 'awaiting') {
    result = null;
    deducted = null;
    treasury = null;
  } else if (d.fate === 'recent') {
    treasury = null;
  } else if (refused) {
    result = '94051';
    addWord = '账户余额不足';
    deducted = null;
    treasury = null;
  } else if (d.fate === 'stuck') {
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
      // Half the refunds give back the whole amount (REFUNDED), half a part of it (still IN_TREASURY).
      const amount = fenToYuan(r.chance(0.5) ? p.amount : Math.round(p.amount / 2));
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
    BudgetSubjectCode: budgetSubject('10109', null),
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
