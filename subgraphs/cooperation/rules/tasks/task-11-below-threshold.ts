import { addDays } from '../../../../shared/dates';
import { fen } from '../amounts';
import { finding, RuleContext, RuleFinding } from '../finding';
import type { Subject } from '../subject';
import { monthsBelow, thresholdOn, vatThresholdTax } from '../thresholds';

/** Days a licensed business has to register for tax (税收征收管理法 第十五条): a licence this old or younger is not yet late. */
const REGISTRATION_DAYS = 30;

/**
 * Task 11's clean-up (未达起征点户未办税务登记): an individual business active in the registry for
 * more than 30 days that neither bureau has registered. Its turnover is unknown to tax, so it is a
 * candidate: the detail names the thresholds it will be assessed against once registered.
 */
function unregisteredHousehold(s: Subject, ctx: RuleContext): RuleFinding[] {
  const reg = s.registration;
  if (!reg || !s.has('business-registry', 'national-tax', 'local-tax')) return [];
  if (reg.entityType !== 'INDIVIDUAL_BUSINESS' || reg.status !== 'ACTIVE') return [];
  if (s.facts.national.length || s.facts.local.length) return [];
  if (!reg.establishedOn || addDays(reg.establishedOn, REGISTRATION_DAYS) >= ctx.asOf) return [];
  const vat = thresholdOn(reg.division, vatThresholdTax(reg.industryCode ?? ''), ctx.asOf);
  const business = thresholdOn(reg.division, 'BUSINESS_TAX', ctx.asOf);
  return [
    finding(s, {
      kind: 'UNREGISTERED_HOUSEHOLD',
      record: { source: 'business-registry', id: reg.id },
      sources: ['business-registry', 'national-tax', 'local-tax'],
      detail:
        `Individual business licensed on ${reg.establishedOn}, active in the registry; neither bureau has registered it. ` +
        `To register and keep under management; its monthly turnover is assessed against the threshold in force on ${ctx.asOf}` +
        (vat && business ? `: ${vat.yuan} yuan for VAT, ${business.yuan} yuan for business tax (${vat.basis}).` : '.'),
      values: [
        { source: 'business-registry', field: 'entityType', value: reg.entityType },
        { source: 'business-registry', field: 'status', value: reg.status },
        { source: 'business-registry', field: 'establishedOn', value: reg.establishedOn },
        { source: 'business-registry', field: 'vatThreshold', value: vat ? String(vat.yuan) : null },
        { source: 'business-registry', field: 'businessTaxThreshold', value: business ? String(business.yuan) : null },
      ],
      division: reg.division,
      industryCode: reg.industryCode,
      taxOfficeCodes: [],
    }),
  ];
}

/**
 * The separate check of registered quota holders below the threshold (kept under management): a
 * national-tax monthly quota judged month by month against the VAT threshold in force then.
 */
function registeredBelowThreshold(s: Subject): RuleFinding[] {
  if (!s.has('national-tax')) return [];
  return s.national.flatMap((n) => {
    const tax = vatThresholdTax(n.industry.code);
    return n.turnoverQuotas.flatMap((q) => {
      const below = monthsBelow(n.division, tax, q.year, fen(q.monthlyTurnover));
      if (!below) return [];
      const levels = below.levels.map((l) => `${l.yuan} yuan from ${l.from.slice(0, 7)} (${l.basis})`).join('; ');
      return [
        finding(s, {
          kind: 'BELOW_THRESHOLD',
          record: { source: 'national-tax', id: n.id },
          sources: ['national-tax'],
          detail:
            `${q.year}: monthly turnover quota ${q.monthlyTurnover} yuan, below the VAT threshold from ${below.from.slice(0, 7)} ` +
            `to ${below.to.slice(0, 7)}: ${levels}; stays registered and managed.`,
          values: [
            { source: 'national-tax', field: 'monthlyTurnover', value: q.monthlyTurnover },
            ...below.levels.map((l) => ({
              source: 'national-tax' as const,
              field: `threshold from ${l.from.slice(0, 7)}`,
              value: String(l.yuan),
            })),
          ],
          periodFrom: below.from,
          periodTo: below.to,
          taxOfficeCodes: [n.taxOffice.code],
        }),
      ];
    });
  });
}

/** Task 11: below-threshold households the registry knows and tax does not; and the registered ones, kept under management. */
export function belowThreshold(s: Subject, ctx: RuleContext): RuleFinding[] {
  return [...unregisteredHousehold(s, ctx), ...registeredBelowThreshold(s)];
}
