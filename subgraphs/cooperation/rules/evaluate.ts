import { addDays, addMonths } from '../../../shared/dates';
import { fenToYuan, yuanToFen } from '../../../shared/money';
import type { LegacySource } from '../../../shared/sources';
import type { LocalFacts, NationalFacts, PaymentFacts, SubjectFacts } from './facts';
import {
  ABNORMAL_VOID_MONTHS,
  DEFAULT_VAT_THRESHOLD,
  FINDING_RULES,
  FindingKind,
  Grade,
  GRADE_ORDER,
  KEY_TAX_SOURCE_FEN,
  lowerGrade,
  TREASURY_GRACE_DAYS,
  VAT_THRESHOLD_BY_PROVINCE,
} from './reference';

/** One value a finding rests on, as its source holds it. */
export interface FindingValue {
  source: LegacySource;
  field: string;
  value: string | null;
}

/** A finding as the rules give it: what fired, on which record, and everything to file and filter it by. */
export interface RuleFinding {
  /** Stable across runs: kind, record and period. */
  key: string;
  kind: FindingKind;
  uscc: string | null;
  /** The record's internal key when the subject has no USCC. */
  legacyId: string | null;
  record: { source: LegacySource; id: string };
  sources: LegacySource[];
  detail: string;
  basis: string;
  values: FindingValue[];
  division: string | null;
  industryCode: string | null;
  taxOfficeCodes: string[];
  periodFrom: string | null;
  periodTo: string | null;
  year: number | null;
}

export interface RuleContext {
  /** The day the data stands at (YYYY-MM-DD): "more than three months" and "grace days" count from it. */
  asOf: string;
  /** The reference deemed CIT rate of an area, industry and year (the most common; ties: the lower), if known. */
  deemedReference(division: string, industryCode: string, year: number): string | undefined;
}

// --- small helpers -----------------------------------------------------------------------------

const fen = (yuan: string | null | undefined): bigint => (yuan ? yuanToFen(yuan) : 0n);
const yuanText = (f: bigint): string => fenToYuan(f)!;
/** The China-time calendar day of an ISO date-time with offset. */
const chinaDay = (dateTime: string) => new Date(Date.parse(dateTime) + 8 * 3600_000).toISOString().slice(0, 10);
const rate4 = (rate: string) => Number(rate).toFixed(4);
/** Statuses of a closed registration: not active, no administrator due. */
export const NATIONAL_CLOSED = new Set(['DEREGISTERED', 'ABNORMAL_DEREGISTERED']);
export const LOCAL_CLOSED = new Set(['DEREGISTERED', 'DEREGISTERED_FROM_ABNORMAL']);
const REGISTRY_CANCELLED = new Set(['CANCELLED', 'REVOKED_AND_CANCELLED']);
/** Identity fields: a record with an issue in one of them is no taxpayer's record, only a cleaning case. */
const IDENTITY_FIELDS = new Set(['tin', 'uscc', 'name', 'registeredOn']);
export const usable = (r: { dataIssues: { field: string }[] }) => !r.dataIssues.some((i) => IDENTITY_FIELDS.has(i.field));

/** Primary first: not closed, earliest registration, lowest key. */
function byPrimary<T extends { registeredOn: string | null; id: string; status: string | null }>(closed: Set<string>) {
  return (a: T, b: T): number =>
    Number(closed.has(a.status ?? '')) - Number(closed.has(b.status ?? '')) ||
    (a.registeredOn ?? '9999').localeCompare(b.registeredOn ?? '9999') ||
    a.id.localeCompare(b.id);
}

/** Evaluates every rule for one subject. A rule whose sources could not be asked is not judged. */
export function evaluate(facts: SubjectFacts, ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const down = new Set(facts.unavailable);
  const has = (...sources: LegacySource[]) => sources.every((s) => !down.has(s));
  const national = facts.national.filter(usable).sort(byPrimary<NationalFacts>(NATIONAL_CLOSED));
  const local = facts.local.filter(usable).sort(byPrimary<LocalFacts>(LOCAL_CLOSED));
  const reg = facts.registration;
  const n0 = national[0];
  const l0 = local[0];
  const division = n0?.division ?? l0?.division ?? reg?.division ?? null;
  const industryCode = n0?.industry.code ?? l0?.industryCode ?? reg?.industryCode ?? null;
  const offices = [...new Set([...(n0 ? [n0.taxOffice.code] : []), ...(l0 ? [l0.taxOffice.code] : [])])];

  const add = (
    kind: FindingKind,
    record: { source: LegacySource; id: string },
    sources: LegacySource[],
    detail: string,
    values: FindingValue[],
    extra: Partial<Pick<RuleFinding, 'periodFrom' | 'periodTo' | 'year' | 'division' | 'industryCode' | 'taxOfficeCodes'>> = {},
  ) => {
    const period = extra.periodFrom ? `${extra.periodFrom}/${extra.periodTo}` : extra.year != null ? String(extra.year) : '';
    out.push({
      key: `${kind}|${record.source}:${record.id}|${period}`,
      kind,
      uscc: facts.uscc,
      legacyId: facts.uscc ? null : record.id,
      record,
      sources,
      detail,
      basis: FINDING_RULES[kind].basis,
      values,
      division: extra.division !== undefined ? extra.division : division,
      industryCode: extra.industryCode !== undefined ? extra.industryCode : industryCode,
      taxOfficeCodes: extra.taxOfficeCodes ?? offices,
      periodFrom: extra.periodFrom ?? null,
      periodTo: extra.periodTo ?? null,
      year: extra.year ?? (extra.periodFrom ? Number(extra.periodFrom.slice(0, 4)) : null),
    });
  };
  const statusValues = (): FindingValue[] => [
    ...(reg ? [{ source: 'business-registry' as const, field: 'status', value: reg.status }] : []),
    ...national.map((n) => ({ source: 'national-tax' as const, field: 'status', value: n.status })),
    ...local.map((l) => ({ source: 'local-tax' as const, field: 'status', value: l.status })),
  ];

  // 9: registered in the registry, never for tax; cancelled in the registry, normal in tax.
  if (reg && reg.uscc && has('national-tax', 'local-tax', 'business-registry')) {
    const everTaxed = facts.national.length > 0 || facts.local.length > 0;
    if (!everTaxed && reg.status === 'ACTIVE') {
      add(
        'UNREGISTERED_BUSINESS',
        { source: 'business-registry', id: reg.id },
        ['business-registry', 'national-tax', 'local-tax'],
        `Licensed on ${reg.establishedOn ?? 'an unknown date'} and active in the registry; neither bureau has a tax registration.`,
        [
          { source: 'business-registry', field: 'status', value: reg.status },
          { source: 'business-registry', field: 'establishedOn', value: reg.establishedOn },
        ],
        { taxOfficeCodes: [] },
      );
    }
    const normal = [
      ...national.filter((n) => n.status === 'NORMAL').map(() => 'national-tax' as const),
      ...local.filter((l) => l.status === 'NORMAL').map(() => 'local-tax' as const),
    ];
    if (REGISTRY_CANCELLED.has(reg.status) && normal.length) {
      add(
        'CANCELLED_BUT_ACTIVE',
        { source: 'business-registry', id: reg.id },
        ['business-registry', ...new Set(normal)],
        `Cancelled in the registry${reg.cancelledOn ? ` on ${reg.cancelledOn}` : ''}; still normal in ${[...new Set(normal)].join(' and ')}.`,
        statusValues(),
      );
    }
  }

  // 10: abnormal taxpayers, and those abnormal for more than three months and not voided.
  const voidBefore = addMonths(ctx.asOf, -ABNORMAL_VOID_MONTHS);
  const abnormal = (source: 'national-tax' | 'local-tax', id: string, since: string | null, office: string) => {
    const values = [...statusValues(), { source, field: 'abnormalSince', value: since }];
    add('ABNORMAL', { source, id }, [source], `Abnormal in ${source}${since ? ` since ${since}` : ''}.`, values, {
      taxOfficeCodes: [office],
    });
    if (since && since < voidBefore) {
      add(
        'ABNORMAL_OVERDUE',
        { source, id },
        [source],
        `Abnormal in ${source} since ${since}, more than ${ABNORMAL_VOID_MONTHS} months before ${ctx.asOf}, and not voided.`,
        values,
        { taxOfficeCodes: [office] },
      );
    }
  };
  if (has('national-tax'))
    for (const n of national) if (n.status === 'ABNORMAL') abnormal('national-tax', n.id, n.abnormalSince, n.taxOffice.code);
  if (has('local-tax'))
    for (const l of local) if (l.status === 'ABNORMAL') abnormal('local-tax', l.id, l.statusChangedOn, l.taxOffice.code);

  // 3: credit grades that differ.
  if (n0 && l0 && has('national-tax', 'local-tax')) {
    for (const nr of n0.creditRatings) {
      const lr = l0.creditRatings.find((x) => x.year === nr.year);
      if (!lr?.grade || lr.grade === nr.grade) continue;
      const joint = lowerGrade(nr.grade as Grade, lr.grade as Grade);
      add(
        'CREDIT_RATING_DISAGREEMENT',
        { source: 'national-tax', id: n0.id },
        ['national-tax', 'local-tax'],
        `${nr.year}: national tax rated ${nr.grade} (${nr.score}), local tax ${lr.grade} (${lr.score}); the joint grade is the lower, ${joint}.`,
        [
          { source: 'national-tax', field: 'grade', value: nr.grade },
          { source: 'local-tax', field: 'grade', value: lr.grade },
        ],
        { year: nr.year },
      );
    }
  }

  // 4: turnover quotas that differ; 11: below the VAT threshold.
  if (n0 && l0 && has('national-tax', 'local-tax')) {
    for (const nq of n0.turnoverQuotas) {
      const lq = l0.turnoverQuotas.find((x) => x.year === nq.year);
      if (!lq || fen(lq.monthlyTurnover) === fen(nq.monthlyTurnover)) continue;
      add(
        'QUOTA_MISMATCH',
        { source: 'national-tax', id: n0.id },
        ['national-tax', 'local-tax'],
        `${nq.year}: national tax assessed a monthly turnover of ${nq.monthlyTurnover} yuan, local tax ${lq.monthlyTurnover} yuan (difference ${yuanText(fen(nq.monthlyTurnover) - fen(lq.monthlyTurnover))}).`,
        [
          { source: 'national-tax', field: 'monthlyTurnover', value: nq.monthlyTurnover },
          { source: 'local-tax', field: 'monthlyTurnover', value: lq.monthlyTurnover },
        ],
        { year: nq.year },
      );
    }
  }
  if (has('national-tax')) {
    for (const n of national) {
      const threshold = VAT_THRESHOLD_BY_PROVINCE[n.division.slice(0, 2)] ?? DEFAULT_VAT_THRESHOLD;
      for (const q of n.turnoverQuotas) {
        if (fen(q.monthlyTurnover) >= BigInt(threshold) * 100n) continue;
        add(
          'BELOW_THRESHOLD',
          { source: 'national-tax', id: n.id },
          ['national-tax'],
          `${q.year}: monthly turnover quota ${q.monthlyTurnover} yuan, below the VAT threshold of ${threshold} yuan; stays registered and managed.`,
          [{ source: 'national-tax', field: 'monthlyTurnover', value: q.monthlyTurnover }],
          { year: q.year, taxOfficeCodes: [n.taxOffice.code] },
        );
      }
    }
  }

  // 5: deemed CIT rates out of line with their area and industry.
  const deemed = (
    source: 'national-tax' | 'local-tax',
    id: string,
    div: string,
    industry: string,
    office: string,
    rows: { year: number; deemedIncomeRate: string }[],
  ) => {
    for (const d of rows) {
      const reference = ctx.deemedReference(div, industry, d.year);
      if (reference === undefined || rate4(reference) === rate4(d.deemedIncomeRate)) continue;
      add(
        'DEEMED_RATE_IMBALANCE',
        { source, id },
        [source],
        `${d.year}: deemed income rate ${rate4(d.deemedIncomeRate)}; most enterprises of industry ${industry} in ${div} are assessed at ${rate4(reference)}.`,
        [{ source, field: 'deemedIncomeRate', value: rate4(d.deemedIncomeRate) }],
        { year: d.year, division: div, industryCode: industry, taxOfficeCodes: [office] },
      );
    }
  };
  if (has('national-tax', 'local-tax')) {
    for (const n of national) deemed('national-tax', n.id, n.division, n.industry.code, n.taxOffice.code, n.deemedCit);
    for (const l of local) deemed('local-tax', l.id, l.division, l.industryCode, l.taxOffice.code, l.deemedCit);
  }

  // Local returns by type and period, shared by 6, 7 and 12.
  const localReturns = local.flatMap((l) => l.returns);
  const sumBy = <T>(rows: T[], pick: (r: T) => bigint) => rows.reduce((s, r) => s + pick(r), 0n);

  // 6: freight invoices above the carrier's declared business tax base.
  if (n0 && has('national-tax', 'local-tax')) {
    // Invoices are the carrier's by TIN: two records under one TIN list the same invoices once.
    const invoices = [...new Map(national.flatMap((n) => n.freightInvoices).map((f) => [`${f.code}|${f.number}`, f])).values()];
    const years = new Set(invoices.map((f) => Number(f.issuedOn.slice(0, 4))));
    for (const year of [...years].sort()) {
      const invoiced = sumBy(
        invoices.filter((f) => f.issuedOn.startsWith(`${year}-`)),
        (f) => fen(f.freightAmount),
      );
      const declared = sumBy(
        localReturns.filter((r) => r.taxType === 'BUSINESS_TAX' && r.periodFrom?.startsWith(`${year}-`)),
        (r) => fen(r.taxableBase),
      );
      if (invoiced <= declared) continue;
      add(
        'FREIGHT_UNDERDECLARED',
        { source: 'national-tax', id: n0.id },
        ['national-tax', 'local-tax'],
        `${year}: freight invoiced ${yuanText(invoiced)} yuan (national tax) against a declared business tax base of ${yuanText(declared)} yuan (local tax); ${yuanText(invoiced - declared)} yuan undeclared.`,
        [
          { source: 'national-tax', field: 'freightInvoiced', value: yuanText(invoiced) },
          { source: 'local-tax', field: 'businessTaxBase', value: yuanText(declared) },
        ],
        { year },
      );
    }
  }

  // 7: urban construction tax base against VAT + consumption tax paid (incl. 免抵) + business tax.
  if (l0 && has('national-tax', 'local-tax')) {
    const quarters = new Map<
      string,
      { to: string; paid: bigint; business: bigint; declared: bigint; uctRate: string | null; uctDue: bigint }
    >();
    const q = (from: string, to: string) => {
      let e = quarters.get(from);
      if (!e) quarters.set(from, (e = { to, paid: 0n, business: 0n, declared: 0n, uctRate: null, uctDue: 0n }));
      return e;
    };
    for (const p of national.flatMap((n) => n.payments)) {
      if (p.levyItem === 'VAT' || p.levyItem === 'CONSUMPTION_TAX')
        q(p.periodFrom, p.periodTo).paid += fen(p.amountPaid) + fen(p.exemptCredit);
    }
    for (const r of localReturns) {
      if (!r.periodFrom || !r.periodTo) continue;
      if (r.taxType === 'BUSINESS_TAX') q(r.periodFrom, r.periodTo).business += fen(r.taxDue);
      if (r.taxType === 'URBAN_CONSTRUCTION_TAX') {
        const e = q(r.periodFrom, r.periodTo);
        e.declared += fen(r.taxableBase);
        e.uctDue += fen(r.taxDue);
        e.uctRate = r.rate;
      }
    }
    for (const [from, e] of [...quarters].sort(([a], [b]) => a.localeCompare(b))) {
      const expected = e.paid + e.business;
      if (expected === e.declared) continue;
      const rate = e.uctRate ? Number(e.uctRate) : null;
      const taxGap = rate === null ? null : yuanText(BigInt(Math.round(Number(expected - e.declared) * rate)));
      add(
        'UCT_BASE_MISMATCH',
        { source: 'local-tax', id: l0.id },
        ['local-tax', 'national-tax'],
        `${from} to ${e.to}: urban construction tax declared on a base of ${yuanText(e.declared)} yuan; VAT and consumption tax paid ${yuanText(e.paid)} + business tax ${yuanText(e.business)} = ${yuanText(expected)} yuan` +
          (taxGap ? `; the tax differs by ${taxGap} yuan at ${rate4(e.uctRate!)}.` : '.'),
        [
          { source: 'local-tax', field: 'declaredBase', value: yuanText(e.declared) },
          { source: 'national-tax', field: 'vatAndConsumptionTaxPaid', value: yuanText(e.paid) },
          { source: 'local-tax', field: 'businessTax', value: yuanText(e.business) },
          { source: 'local-tax', field: 'expectedBase', value: yuanText(expected) },
          { source: 'local-tax', field: 'taxDifference', value: taxGap },
        ],
        { periodFrom: from, periodTo: e.to, taxOfficeCodes: [l0.taxOffice.code] },
      );
    }
  }

  // 12: key tax sources.
  if (has('local-tax')) {
    for (const l of local) {
      const byYear = new Map<number, bigint>();
      for (const r of l.returns)
        if (r.taxType === 'BUSINESS_TAX' && r.periodFrom)
          byYear.set(Number(r.periodFrom.slice(0, 4)), (byYear.get(Number(r.periodFrom.slice(0, 4))) ?? 0n) + fen(r.taxDue));
      for (const [year, total] of [...byYear].sort(([a], [b]) => a - b)) {
        if (total < KEY_TAX_SOURCE_FEN) continue;
        add(
          'KEY_TAX_SOURCE',
          { source: 'local-tax', id: l.id },
          ['local-tax'],
          `${year}: business tax of ${yuanText(total)} yuan, at least 1,000,000.`,
          [{ source: 'local-tax', field: 'businessTax', value: yuanText(total) }],
          { year, taxOfficeCodes: [l.taxOffice.code] },
        );
      }
    }
  }

  // 13: active households without a tax administrator.
  if (has('national-tax')) {
    for (const n of national) {
      if (n.administrator || NATIONAL_CLOSED.has(n.status)) continue;
      add(
        'NO_ADMINISTRATOR',
        { source: 'national-tax', id: n.id },
        ['national-tax'],
        `Status ${n.status} in national tax with no tax administrator assigned (office ${n.taxOffice.code}).`,
        [{ source: 'national-tax', field: 'administrator', value: null }],
        { taxOfficeCodes: [n.taxOffice.code] },
      );
    }
  }
  if (has('local-tax')) {
    for (const l of local) {
      if (l.administrator || LOCAL_CLOSED.has(l.status ?? '')) continue;
      add(
        'NO_ADMINISTRATOR',
        { source: 'local-tax', id: l.id },
        ['local-tax'],
        `Status ${l.status ?? 'unknown'} in local tax with no tax administrator assigned (office ${l.taxOffice.code}).`,
        [{ source: 'local-tax', field: 'administrator', value: null }],
        { taxOfficeCodes: [l.taxOffice.code] },
      );
    }
  }

  // 14: duplicates (one TIN registered twice in one source) and garbage.
  const duplicates = <T extends { id: string; tin: string; registeredOn: string | null; taxOffice: { code: string } }>(
    source: 'national-tax' | 'local-tax',
    records: T[],
  ) => {
    const byTin = new Map<string, T[]>();
    for (const r of records) byTin.set(r.tin.trim(), [...(byTin.get(r.tin.trim()) ?? []), r]);
    for (const group of byTin.values()) {
      if (group.length < 2) continue;
      const [original, ...rest] = [...group].sort(
        (a, b) => (a.registeredOn ?? '9999').localeCompare(b.registeredOn ?? '9999') || a.id.localeCompare(b.id),
      );
      for (const d of rest) {
        add(
          'DUPLICATE_RECORD',
          { source, id: d.id },
          [source],
          `Record ${d.id} registered on ${d.registeredOn ?? 'an unknown date'} repeats the TIN of record ${original.id} (registered ${original.registeredOn ?? 'on an unknown date'}).`,
          [
            { source, field: 'id', value: original.id },
            { source, field: 'id', value: d.id },
          ],
          { taxOfficeCodes: [d.taxOffice.code] },
        );
      }
    }
  };
  if (has('national-tax')) duplicates('national-tax', national);
  if (has('local-tax')) duplicates('local-tax', local);
  const garbage = (
    source: LegacySource,
    id: string,
    issues: { field: string; description: string }[],
    div: string | null,
    office: string | null,
  ) => {
    if (!issues.length) return;
    add(
      'GARBAGE_RECORD',
      { source, id },
      [source],
      `Record ${id}: ${issues.map((i) => `${i.field}: ${i.description}`).join('; ')}.`,
      issues.map((i) => ({ source, field: i.field, value: i.description })),
      { division: div, taxOfficeCodes: office ? [office] : [] },
    );
  };
  if (reg) garbage('business-registry', reg.id, reg.dataIssues, reg.division, null);
  for (const n of facts.national) garbage('national-tax', n.id, n.dataIssues, n.division, n.taxOffice.code);
  for (const l of facts.local) garbage('local-tax', l.id, l.dataIssues, l.division, l.taxOffice.code);

  // 15: deducted but not in the treasury; payments whose payer no tax office knows.
  if (has('treasury-bank')) {
    const graceEnd = addDays(ctx.asOf, -TREASURY_GRACE_DAYS);
    const orphan = has('national-tax', 'local-tax') && facts.national.length === 0 && facts.local.length === 0;
    for (const p of facts.payments) paymentRules(p, graceEnd, orphan, add);
  }
  return out;
}

const officeDivision = (office: string) => (/^\d{7}/.test(office) ? office.slice(1, 7) : null);

function paymentRules(
  p: PaymentFacts,
  graceEnd: string,
  orphan: boolean,
  add: (
    kind: FindingKind,
    record: { source: LegacySource; id: string },
    sources: LegacySource[],
    detail: string,
    values: FindingValue[],
    extra?: Partial<Pick<RuleFinding, 'periodFrom' | 'periodTo' | 'year' | 'division' | 'taxOfficeCodes'>>,
  ) => void,
): void {
  const record = { source: 'treasury-bank' as const, id: `${p.taxOfficeCode}/${p.voucherNo}` };
  const extra = { taxOfficeCodes: [p.taxOfficeCode], year: Number(p.entrustedOn.slice(0, 4)) };
  if (p.status === 'DEDUCTED' && p.deductedAt && chinaDay(p.deductedAt) <= graceEnd) {
    add(
      'DEDUCTED_NOT_IN_TREASURY',
      record,
      ['treasury-bank'],
      `Voucher ${p.voucherNo} of office ${p.taxOfficeCode}: ${p.amount} yuan deducted by bank ${p.bankCode} on ${chinaDay(p.deductedAt)}, not in the treasury after ${TREASURY_GRACE_DAYS} days.`,
      [
        { source: 'treasury-bank', field: 'status', value: p.status },
        { source: 'treasury-bank', field: 'deductedAt', value: p.deductedAt },
        { source: 'treasury-bank', field: 'amount', value: p.amount },
      ],
      extra,
    );
  }
  if (orphan) {
    add(
      'ORPHAN_PAYMENT',
      record,
      ['treasury-bank', 'national-tax', 'local-tax'],
      `Voucher ${p.voucherNo} of office ${p.taxOfficeCode}: ${p.amount} yuan paid under a TIN neither bureau has registered.`,
      [
        { source: 'treasury-bank', field: 'payerTin', value: p.payerTin },
        { source: 'treasury-bank', field: 'amount', value: p.amount },
      ],
      { ...extra, division: officeDivision(p.taxOfficeCode) },
    );
  }
}

/** The joint credit rating of one year (task 3): both grades, and the lower as the joint one. */
export interface JointRating {
  year: number;
  nationalTax: Grade | null;
  localTax: Grade | null;
  joint: Grade;
  reason: string;
}

export function jointRating(facts: SubjectFacts, year: number): JointRating | null {
  const n = facts.national
    .filter(usable)
    .sort(byPrimary<NationalFacts>(NATIONAL_CLOSED))[0]
    ?.creditRatings.find((r) => r.year === year);
  const l = facts.local
    .filter(usable)
    .sort(byPrimary<LocalFacts>(LOCAL_CLOSED))[0]
    ?.creditRatings.find((r) => r.year === year);
  const ng = n && GRADE_ORDER.includes(n.grade as Grade) ? (n.grade as Grade) : null;
  const lg = l?.grade && GRADE_ORDER.includes(l.grade as Grade) ? (l.grade as Grade) : null;
  if (!ng && !lg) return null;
  if (ng && lg) {
    const joint = lowerGrade(ng, lg);
    const reason =
      ng === lg
        ? `Both bureaus rated ${ng}.`
        : `National tax rated ${ng}, local tax ${lg}: the joint grade is the lower, ${joint} (order A > B > M > C > D).`;
    return { year, nationalTax: ng, localTax: lg, joint, reason };
  }
  const only = (ng ?? lg)!;
  return {
    year,
    nationalTax: ng,
    localTax: lg,
    joint: only,
    reason: `Only ${ng ? 'national' : 'local'} tax rated ${year} (${only}); the other bureau has no rating to confirm it.`,
  };
}
