/**
 * The taxes of 2015, which both bureaus see parts of: VAT and consumption tax are declared to
 * national tax, business tax and the surcharges on all of them (城建税, education, local education)
 * to local tax. Plants the cases that need both (tasks 4, 6, 7, 11, 12) and returns what was paid
 * per quarter. Carriers registered before 2013 also have their first half of 2013, under business
 * tax, for task 6's old era (transport moved to VAT on 2013-08-01).
 */
import { addDays } from '../../shared/dates';
import { fenToYuan } from '../../shared/money';
import { LEVY_ITEMS, LOCAL_TAX_TYPES, OLD_ERA_QUARTERS, QUARTERS, RATES } from '../reference';
import type { Emitter } from './emitter';
import { missedQuarter, missedQuarterCases, quotaHistory } from './households';
import { LocalItem, localQuota, localReturn } from './local-tax';
import { FreightInvoice, freightInvoices, nationalBackTax, nationalQuota, nationalReturn } from './national-tax';
import { RATES_OF_PLANTING } from './rates';
import type { Standing } from './standing';
import { Taxpayer, who } from './taxpayer';
import { pct } from './values';

/** What one quarter's returns came to, in fen. */
export interface QuarterTaxes {
  quarter: number;
  vat: number;
  consumption: number;
  exemptCredit: number; // 免抵税额
  /** Business tax paid (less than due while a deferral runs). */
  business: number;
  uct: number;
  education: number;
  /** The part of `vat` paid only after a deferral (缓缴), at the counter: not in the quarter's TIPS deduction. */
  vatDeferred: number;
}

/** The year the returns cover (QUARTERS). */
const YEAR = 2015;

export function taxReturns(tp: Taxpayer, st: Standing, out: Emitter): QuarterTaxes[] {
  const { r, area, industry, individual } = tp;
  const general = st.generalVatPayer;
  const result: QuarterTaxes[] = [];
  const keySource = !individual && industry.regime !== 'vat' && r.chance(RATES_OF_PLANTING.keyTaxSource);
  const uctOffQuarter = r.chance(RATES_OF_PLANTING.uctMismatch) ? r.int(0, QUARTERS.length - 1) : -1;
  const inputExceeds = industry.carrier && r.chance(RATES_OF_PLANTING.freightInputExceeds);
  const exporter = general && r.chance(0.05);
  const quotaYuan = individual ? quotas(tp, out) : 0;
  // Task 7's spans and parts: monthly VAT against quarterly UCT, back-tax (查补), deferrals (缓缴).
  const monthly = general && !individual && r.chance(RATES_OF_PLANTING.monthlyVat);
  const backTaxQuarter = !individual && r.chance(RATES_OF_PLANTING.backTax) ? r.int(0, QUARTERS.length - 1) : -1;
  const backTaxWithoutUct = backTaxQuarter >= 0 && r.chance(RATES_OF_PLANTING.backTaxWithoutUct);
  const businessDeferred = !individual && r.chance(RATES_OF_PLANTING.businessTaxDeferred);
  const vatDeferredQuarter = !individual && !monthly && r.chance(RATES_OF_PLANTING.vatDeferred) ? r.int(0, 2) : -1;

  let businessYear = 0;
  let transportYear = 0;
  /** The quarters local tax holds returns for (business tax or the surcharges). */
  const localQuarters: number[] = [];
  const missed = missedQuarter(tp);
  const files = !individual || quotaYuan >= area.vatThreshold;
  QUARTERS.forEach((q, qi) => {
    if (tp.registered > q.from) return; // files from the first full quarter after registration
    if (qi === missed) {
      // 清税 (task 14): nothing filed in either bureau for this quarter.
      // The rule judges a normal record only: a record deregistered (or abnormal) by the as-of day is no case.
      const normal = { national: st.nationalStatus === '03', local: st.localStatus === '10' };
      if (files) missedQuarterCases(tp, qi, { national: industry.regime !== 'business' && normal.national, local: normal.local }, out);
      return;
    }
    const t: QuarterTaxes = { quarter: qi, vat: 0, consumption: 0, exemptCredit: 0, business: 0, uct: 0, education: 0, vatDeferred: 0 };
    const hasVat = industry.regime !== 'business';
    const hasBusiness = industry.regime !== 'vat';
    let vatBase = 0;
    let bizBase = 0;
    if (individual) {
      if (quotaYuan >= area.vatThreshold) {
        if (hasVat) vatBase = quotaYuan * 3 * 100;
        else bizBase = quotaYuan * 3 * 100;
      }
    } else {
      if (hasVat) vatBase = r.int(50_000, 3_000_000) * 100;
      if (hasBusiness) bizBase = keySource ? r.int(6_000_000, 10_000_000) * 100 : r.int(50_000, 3_000_000) * 100;
    }
    if (vatBase > 0) {
      const rate = general ? (industry.vatRate ?? RATES.generalVat) : RATES.smallScaleVat;
      t.vat = general ? pct(vatBase, (rate * r.int(15, 40)) / 100) : pct(vatBase, rate);
      t.exemptCredit = exporter ? pct(vatBase, 0.01) : 0;
      const transport = industry.carrier ? vatBase : 0;
      transportYear += transport;
      const item = { levy: LEVY_ITEMS.VAT, base: vatBase, rate, due: t.vat, exemptCredit: t.exemptCredit, transport };
      if (monthly) {
        // A general taxpayer files VAT monthly; its urban construction tax stays quarterly here.
        const third = (x: number, m: number) => (m < 2 ? Math.floor(x / 3) : x - 2 * Math.floor(x / 3));
        for (let m = 0; m < 3; m++) {
          const part = { ...item, base: third(vatBase, m), due: third(t.vat, m), exemptCredit: third(t.exemptCredit, m) };
          nationalReturn(tp, qi, 1, { ...part, transport: industry.carrier ? part.base : 0 }, out, m);
        }
      } else if (qi === vatDeferredQuarter) {
        const deferred = Math.round(t.vat / 2);
        t.vatDeferred = deferred;
        nationalReturn(tp, qi, 1, { ...item, deferred, deferredPaidOn: addDays(q.filed, 60) }, out);
      } else {
        nationalReturn(tp, qi, 1, item, out);
      }
      if (industry.consumptionTax) {
        t.consumption = pct(vatBase, industry.consumptionTax);
        const ct = { levy: LEVY_ITEMS.CONSUMPTION, base: vatBase, rate: industry.consumptionTax, due: t.consumption, exemptCredit: 0 };
        nationalReturn(tp, qi, 2, ct, out);
      }
    }
    if (bizBase > 0) {
      const rate = RATES.businessTax;
      const due = pct(bizBase, rate);
      // A deferral (缓缴) approved for the last quarter runs past the as-of day: part of the tax is still unpaid.
      t.business = businessDeferred && qi === QUARTERS.length - 1 ? due - Math.round((due * r.int(30, 70)) / 100) : due;
      businessYear += due;
      localReturn(tp, qi, 1, { taxType: LOCAL_TAX_TYPES.BUSINESS, base: bizBase, rate, due, paid: t.business }, out);
    }
    // 城建税 base: VAT + consumption tax + business tax actually paid (incl. approved 免抵 VAT).
    const trueBase = t.vat + t.consumption + t.exemptCredit + t.business;
    let declaredBase = trueBase;
    if (qi === uctOffQuarter && trueBase > 0) {
      declaredBase = trueBase - Math.max(100, Math.round((trueBase * r.int(10, 50)) / 100));
      out.case('UCT_BASE_MISMATCH', {
        ...who(tp, tp.localTin),
        period: `${q.from}/${q.to}`,
        detail: { expectedBase: fenToYuan(trueBase), declaredBase: fenToYuan(declaredBase) },
      });
    }
    if (bizBase > 0 || declaredBase > 0) localQuarters.push(qi);
    if (declaredBase > 0) {
      t.uct = pct(declaredBase, area.uctRate);
      t.education = pct(declaredBase, RATES.education);
      surcharges(tp, qi, 2, declaredBase, out);
    }
    if (qi === backTaxQuarter && vatBase > 0) {
      // National tax's audit collects VAT back-tax (查补) for the quarter; local tax collects the
      // urban construction tax on it as back-tax too, unless it never learned of it.
      const backTax = r.int(1_000, 50_000) * 100;
      const paidOn = addDays(QUARTERS[QUARTERS.length - 1].filed, r.int(5, 60));
      nationalBackTax(tp, qi, LEVY_ITEMS.VAT, backTax, paidOn, out);
      if (!backTaxWithoutUct) surcharges(tp, qi, 5, backTax, out, { ...q, filed: paidOn });
      else if (qi !== uctOffQuarter)
        out.case('UCT_BASE_MISMATCH', {
          ...who(tp, tp.localTin),
          period: `${q.from}/${q.to}`,
          detail: { expectedBase: fenToYuan(trueBase + backTax), declaredBase: fenToYuan(declaredBase), backTax: fenToYuan(backTax) },
        });
    }
    result.push(t);
  });

  if (businessYear >= 1_000_000 * 100) {
    out.case('KEY_TAX_SOURCE', {
      ...who(tp, tp.localTin),
      year: YEAR,
      detail: { businessTax: fenToYuan(businessYear), industry: industry.code },
    });
  }
  if (industry.carrier && !individual) {
    if (transportYear > 0) freightVatEra(tp, transportYear, Boolean(inputExceeds), out);
    if (tp.registered < OLD_ERA_QUARTERS[0].from) {
      freightBusinessTaxEra(tp, out);
      // The sources hold the carrier's first half of 2013 and its 2015, nothing between: on a normal local
      // registration that stretch is unfiled, and 清税 (task 14) finds it.
      const first = localQuarters[0];
      if (st.localStatus === '10' && first !== undefined)
        out.case('MISSING_RETURN', {
          ...who(tp, tp.localTin),
          source: 'local-tax',
          period: `${addDays(OLD_ERA_QUARTERS[OLD_ERA_QUARTERS.length - 1].to, 1)}/${addDays(QUARTERS[first].from, -1)}`,
        });
    }
  }
  return result;
}

/**
 * The urban construction tax, education surcharge (3%) and local education surcharge (2%, 财综〔2010〕98号)
 * on a base, as return lines `k`, `k + 1`, `k + 2` of a quarter (back-tax lines when `backTax` has a period).
 */
function surcharges(
  tp: Taxpayer,
  quarter: number,
  k: number,
  base: number,
  out: Emitter,
  backTax?: { from: string; to: string; filed: string },
  period?: { from: string; to: string; filed: string },
): void {
  const lines: LocalItem[] = [
    { taxType: LOCAL_TAX_TYPES.UCT, base, rate: tp.area.uctRate, due: pct(base, tp.area.uctRate) },
    { taxType: LOCAL_TAX_TYPES.EDUCATION, base, rate: RATES.education, due: pct(base, RATES.education) },
    { taxType: LOCAL_TAX_TYPES.LOCAL_EDUCATION, base, rate: RATES.localEducation, due: pct(base, RATES.localEducation) },
  ];
  lines.forEach((line, j) => localReturn(tp, quarter, k + j, { ...line, backTax: Boolean(backTax) }, out, backTax ?? period));
}

/**
 * Task 6 after 2013-08-01: a carrier's 2015 freight invoices and its recipients' deductions of them,
 * against the transport sales on its VAT returns. Mostly less was invoiced than declared and not all
 * of it deducted; sometimes recipients deducted more than the carrier declared.
 */
function freightVatEra(tp: Taxpayer, declaredFen: number, exceeds: boolean, out: Emitter): void {
  const { r } = tp;
  const total = Math.round((declaredFen * (exceeds ? r.int(120, 150) : r.int(50, 90))) / 100);
  const per = Math.floor(total / 4);
  const invoices: FreightInvoice[] = QUARTERS.map((q, k) => ({
    issuedOn: q.to,
    amount: k === 3 ? total - per * 3 : per,
    rate: 0.11,
    deductedOn: exceeds || r.chance(0.8) ? addDays(q.to, r.int(5, 55)) : null,
  }));
  freightInvoices(tp, invoices, 0, out);
  if (exceeds) {
    out.case('FREIGHT_INPUT_EXCEEDS_OUTPUT', {
      ...who(tp, tp.nationalTin),
      year: YEAR,
      detail: { deducted: fenToYuan(total), declaredTransportSales: fenToYuan(declaredFen) },
    });
  }
}

/**
 * Task 6 before 2013-08-01: a carrier's first half of 2013 under business tax (3%), with its
 * surcharges, and its freight invoices; sometimes more invoiced than the business tax base declared.
 */
function freightBusinessTaxEra(tp: Taxpayer, out: Emitter): void {
  const { r } = tp;
  const underdeclared = r.chance(RATES_OF_PLANTING.freightUnderdeclared);
  let declared = 0;
  OLD_ERA_QUARTERS.forEach((p, j) => {
    const base = r.int(50_000, 3_000_000) * 100;
    const due = pct(base, RATES.transportBusinessTax);
    declared += base;
    localReturn(tp, 10 + j, 1, { taxType: LOCAL_TAX_TYPES.BUSINESS, base, rate: RATES.transportBusinessTax, due }, out, p);
    surcharges(tp, 10 + j, 2, due, out, undefined, p);
  });
  const total = Math.round((declared * (underdeclared ? r.int(120, 150) : r.int(50, 90))) / 100);
  const half = Math.floor(total / 2);
  const invoices: FreightInvoice[] = OLD_ERA_QUARTERS.map((p, k) => ({
    issuedOn: p.to,
    amount: k === 1 ? total - half : half,
    rate: RATES.transportBusinessTax,
    deductedOn: r.chance(0.8) ? addDays(p.to, r.int(5, 25)) : null,
  }));
  freightInvoices(tp, invoices, 0, out);
  if (underdeclared) {
    out.case('FREIGHT_UNDERDECLARED', {
      ...who(tp, tp.nationalTin),
      year: 2013,
      detail: { invoiced: fenToYuan(total), declaredBase: fenToYuan(declared) },
    });
  }
}

/** An individual business pays on a fixed quota that both bureaus assess; returns the national one, yuan a month. */
function quotas(tp: Taxpayer, out: Emitter): number {
  const { r, area } = tp;
  const below = r.chance(0.6);
  const quotaYuan = below ? r.int(30, 190) * 100 : r.int(210, 600) * 100;
  const mismatch = r.chance(RATES_OF_PLANTING.quotaMismatch);
  const localQuotaYuan = mismatch ? quotaYuan + r.pick([-1, 1]) * r.int(10, 30) * 100 : quotaYuan;
  const assessed = tp.registered > '2015-01-01' ? tp.registered : '2015-01-01';
  for (const old of quotaHistory(tp, out)) {
    nationalQuota(tp, old.year, old.yuan, `${old.year}-01-15`, out);
    localQuota(tp, old.year, old.yuan, `${old.year}-01-15`, out);
  }
  nationalQuota(tp, YEAR, quotaYuan, assessed, out);
  localQuota(tp, YEAR, localQuotaYuan, assessed, out);
  if (mismatch)
    out.case('QUOTA_MISMATCH', {
      ...who(tp, tp.nationalTin),
      year: YEAR,
      detail: { nationalTax: fenToYuan(quotaYuan * 100), localTax: fenToYuan(localQuotaYuan * 100) },
    });
  if (quotaYuan < area.vatThreshold)
    out.case('BELOW_THRESHOLD', {
      ...who(tp, tp.nationalTin),
      year: YEAR,
      detail: { quota: fenToYuan(quotaYuan * 100), threshold: fenToYuan(area.vatThreshold * 100) },
    });
  return quotaYuan;
}
