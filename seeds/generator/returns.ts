/**
 * The taxes of 2015, which both bureaus see parts of: VAT and consumption tax are declared to
 * national tax, business tax and the surcharges on all of them (城建税, education) to local tax.
 * Plants the cases that need both (tasks 4, 6, 7, 11, 12) and returns what was paid per quarter.
 */
import { fenToYuan } from '../../shared/money';
import { LEVY_ITEMS, LOCAL_TAX_TYPES, QUARTERS, RATES } from '../reference';
import type { Emitter } from './emitter';
import { localQuota, localReturn } from './local-tax';
import { missedQuarter, missedQuarterCases, quotaHistory } from './households';
import { freightInvoices, nationalQuota, nationalReturn } from './national-tax';
import { RATES_OF_PLANTING } from './rates';
import { Taxpayer, who } from './taxpayer';
import { pct } from './values';

/** What one quarter's returns came to, in fen. */
export interface QuarterTaxes {
  quarter: number;
  vat: number;
  consumption: number;
  exemptCredit: number; // 免抵税额
  business: number;
  uct: number;
  education: number;
}

/** The year the returns cover (QUARTERS). */
const YEAR = 2015;

export function taxReturns(tp: Taxpayer, general: boolean, out: Emitter): QuarterTaxes[] {
  const { r, area, industry, individual } = tp;
  const result: QuarterTaxes[] = [];
  const keySource = !individual && industry.regime !== 'vat' && r.chance(RATES_OF_PLANTING.keyTaxSource);
  const uctOffQuarter = r.chance(RATES_OF_PLANTING.uctMismatch) ? r.int(0, QUARTERS.length - 1) : -1;
  const carrierUnder = industry.carrier && r.chance(RATES_OF_PLANTING.freightUnderdeclared);
  const exporter = general && r.chance(0.05);
  const quotaYuan = individual ? quotas(tp, out) : 0;

  let businessYear = 0;
  let businessBaseYear = 0;
  const missed = missedQuarter(tp);
  const files = !individual || quotaYuan >= area.vatThreshold;
  QUARTERS.forEach((q, qi) => {
    if (tp.registered > q.from) return; // files from the first full quarter after registration
    if (qi === missed) {
      // 清税 (task 14): nothing filed in either bureau for this quarter.
      if (files) missedQuarterCases(tp, qi, { national: industry.regime !== 'business', local: true }, out);
      return;
    }
    const t: QuarterTaxes = { quarter: qi, vat: 0, consumption: 0, exemptCredit: 0, business: 0, uct: 0, education: 0 };
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
      const rate = general ? RATES.generalVat : RATES.smallScaleVat;
      t.vat = general ? pct(vatBase, (rate * r.int(15, 40)) / 100) : pct(vatBase, rate);
      t.exemptCredit = exporter ? pct(vatBase, 0.01) : 0;
      nationalReturn(tp, qi, 1, { levy: LEVY_ITEMS.VAT, base: vatBase, rate, due: t.vat, exemptCredit: t.exemptCredit }, out);
      if (industry.consumptionTax) {
        t.consumption = pct(vatBase, industry.consumptionTax);
        const item = { levy: LEVY_ITEMS.CONSUMPTION, base: vatBase, rate: industry.consumptionTax, due: t.consumption, exemptCredit: 0 };
        nationalReturn(tp, qi, 2, item, out);
      }
    }
    if (bizBase > 0) {
      const rate = industry.carrier ? RATES.transportBusinessTax : RATES.businessTax;
      t.business = pct(bizBase, rate);
      businessYear += t.business;
      businessBaseYear += bizBase;
      localReturn(tp, qi, 1, { taxType: LOCAL_TAX_TYPES.BUSINESS, base: bizBase, rate, due: t.business }, out);
    }
    // 城建税 base: VAT + consumption tax actually paid (incl. approved 免抵) + business tax.
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
    if (declaredBase > 0) {
      t.uct = pct(declaredBase, area.uctRate);
      t.education = pct(declaredBase, RATES.education);
      localReturn(tp, qi, 2, { taxType: LOCAL_TAX_TYPES.UCT, base: declaredBase, rate: area.uctRate, due: t.uct }, out);
      localReturn(tp, qi, 3, { taxType: LOCAL_TAX_TYPES.EDUCATION, base: declaredBase, rate: RATES.education, due: t.education }, out);
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
  if (industry.carrier && businessBaseYear > 0) freight(tp, businessBaseYear, Boolean(carrierUnder), out);
  return result;
}

/** A carrier's freight invoices (national data) against its declared business tax base (local data): sometimes more (task 6). */
function freight(tp: Taxpayer, businessBaseYear: number, underdeclared: boolean, out: Emitter): void {
  const share = underdeclared ? tp.r.int(120, 150) : tp.r.int(50, 90);
  const total = Math.round((businessBaseYear * share) / 100);
  freightInvoices(tp, total, out);
  if (underdeclared) {
    out.case('FREIGHT_UNDERDECLARED', {
      ...who(tp, tp.nationalTin),
      year: YEAR,
      detail: { invoiced: fenToYuan(total), declaredBase: fenToYuan(businessBaseYear) },
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
