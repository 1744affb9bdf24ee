import type { LegacySource } from '../../../../shared/sources';
import { periodOver } from '../deadlines';
import { finding, FindingValue, RuleContext, RuleFinding, statusValues } from '../finding';
import {
  LICENCE_TO_TAX_REGISTRATION_DAYS,
  REVOKED_TO_TAX_DEREGISTRATION_DAYS,
  VAT_FROM_BY_INDUSTRY_GROUP,
  VAT_FOR_ALL_FROM,
} from '../reference';
import { LOCAL_CLOSED, NATIONAL_CLOSED, Subject } from '../subject';

type Bureau = 'national-tax' | 'local-tax';

const REGISTRY_CANCELLED = new Set(['CANCELLED', 'REVOKED_AND_CANCELLED']);

/** The responsible offices of the area, bureau by bureau (an empty list where the code tables name none). */
function areaOffices(ctx: RuleContext, division: string, bureaus: readonly Bureau[]): string[] {
  const offices = ctx.taxOfficesOf?.(division) ?? { national: [], local: [] };
  return bureaus.flatMap((b) => (b === 'national-tax' ? offices.national : offices.local));
}

/**
 * Whether an enterprise of this industry owes national tax (VAT) on a day: goods and repairs always; the
 * services the 营改增 reform moved to VAT from their nationwide dates; every industry from 2016-05-01.
 * Industry codes GB/T 4754-2011, compared on their major group (the first two digits).
 */
export function owesNationalTax(industryCode: string | null | undefined, asOf: string): boolean {
  if (asOf >= VAT_FOR_ALL_FROM) return true;
  const group = industryCode?.trim().slice(0, 2);
  const from = group && /^\d{2}$/.test(group) ? VAT_FROM_BY_INDUSTRY_GROUP[group] : undefined;
  return from !== undefined && asOf >= from;
}

/**
 * Task 9, registry against tax (漏征漏管户 and its kin):
 * - licensed and active, more than 30 days after the licence, and no bureau has it (UNREGISTERED_BUSINESS),
 *   reported to the offices of its area;
 * - an enterprise one bureau has and the other owes a registration to (UNREGISTERED_WITH_BUREAU), reported
 *   to the bureau that lacks it;
 * - cancelled, revoked (after its 15 days) or moved out in the registry while a bureau shows it normal
 *   (CANCELLED_BUT_ACTIVE, REVOKED_BUT_ACTIVE, MOVED_OUT_BUT_ACTIVE), reported to that bureau.
 */
export function registryVsTax(s: Subject, ctx: RuleContext): RuleFinding[] {
  const reg = s.registration;
  if (!reg || !reg.uscc || !s.has('national-tax', 'local-tax', 'business-registry')) return [];
  const out: RuleFinding[] = [];
  const record = { source: 'business-registry' as const, id: reg.id };
  const licensed = reg.establishedOn;
  const everTaxed = s.facts.national.length > 0 || s.facts.local.length > 0;
  // A licence of unknown date is an old one: overdue.
  if (!everTaxed && reg.status === 'ACTIVE' && (!licensed || periodOver(licensed, LICENCE_TO_TAX_REGISTRATION_DAYS, ctx.asOf))) {
    out.push(
      finding(s, {
        kind: 'UNREGISTERED_BUSINESS',
        record,
        sources: ['business-registry', 'national-tax', 'local-tax'],
        detail:
          `Licensed on ${licensed ?? 'an unknown date'} and active in the registry; neither bureau has a tax registration ` +
          `${LICENCE_TO_TAX_REGISTRATION_DAYS} days after the licence (as of ${ctx.asOf}).`,
        values: [
          { source: 'business-registry', field: 'status', value: reg.status },
          { source: 'business-registry', field: 'establishedOn', value: licensed },
        ],
        taxOfficeCodes: areaOffices(ctx, reg.division, ['national-tax', 'local-tax']),
      }),
    );
  }
  if (reg.status === 'ACTIVE') out.push(...oneBureauOnly(s, ctx));

  const normal: { source: Bureau; office: string }[] = [
    ...s.national.filter((n) => n.status === 'NORMAL').map((n) => ({ source: 'national-tax' as const, office: n.taxOffice.code })),
    ...s.local.filter((l) => l.status === 'NORMAL').map((l) => ({ source: 'local-tax' as const, office: l.taxOffice.code })),
  ];
  if (!normal.length) return out;
  const bureaus = [...new Set(normal.map((n) => n.source))];
  const still = {
    sources: ['business-registry' as const, ...bureaus],
    values: statusValues(s),
    taxOfficeCodes: [...new Set(normal.map((n) => n.office))],
  };
  if (REGISTRY_CANCELLED.has(reg.status)) {
    out.push(
      finding(s, {
        kind: 'CANCELLED_BUT_ACTIVE',
        record,
        ...still,
        detail: `Cancelled in the registry${reg.cancelledOn ? ` on ${reg.cancelledOn}` : ''}; still normal in ${bureaus.join(' and ')}.`,
      }),
    );
  } else if (reg.status === 'REVOKED' && (!reg.revokedOn || periodOver(reg.revokedOn, REVOKED_TO_TAX_DEREGISTRATION_DAYS, ctx.asOf))) {
    out.push(
      finding(s, {
        kind: 'REVOKED_BUT_ACTIVE',
        record,
        ...still,
        values: [...still.values, { source: 'business-registry', field: 'revokedOn', value: reg.revokedOn ?? null }],
        detail:
          `Licence revoked (吊销) ${reg.revokedOn ? `on ${reg.revokedOn}` : 'on an unknown date'}, more than ` +
          `${REVOKED_TO_TAX_DEREGISTRATION_DAYS} days before ${ctx.asOf}; still normal in ${bureaus.join(' and ')}.`,
      }),
    );
  } else if (reg.status === 'MIGRATED_OUT') {
    out.push(
      finding(s, {
        kind: 'MOVED_OUT_BUT_ACTIVE',
        record,
        ...still,
        values: [...still.values, { source: 'business-registry', field: 'migratedOutOn', value: reg.migratedOutOn }],
        detail:
          `Moved out of this registry (迁出)${reg.migratedOutOn ? ` on ${reg.migratedOutOn}` : ''}; still normal in ${bureaus.join(' and ')}, ` +
          'which should have deregistered it before the move.',
      }),
    );
  }
  return out;
}

/**
 * An enterprise (not an individual business) registered with one bureau only, past the 30 days, that
 * owes the other: local tax always (every enterprise withholds IIT and pays stamp tax, and the urban
 * construction tax and education surcharges on its VAT or business tax are local tax's); national tax
 * when its industry is under VAT on the as-of day. Where that is not certain, nothing is reported.
 */
function oneBureauOnly(s: Subject, ctx: RuleContext): RuleFinding[] {
  const reg = s.registration!;
  const uscc = s.facts.uscc;
  if (!uscc || uscc[1] !== '1' || reg.entityType === 'INDIVIDUAL_BUSINESS') return [];
  const hasNational = s.facts.national.length > 0;
  const hasLocal = s.facts.local.length > 0;
  if (hasNational === hasLocal) return [];
  const present: Bureau = hasNational ? 'national-tax' : 'local-tax';
  const missing: Bureau = hasNational ? 'local-tax' : 'national-tax';
  const open = hasNational
    ? s.national.find((n) => !NATIONAL_CLOSED.has(n.status))
    : s.local.find((l) => !LOCAL_CLOSED.has(l.status ?? ''));
  if (!open) return [];
  const from = reg.establishedOn ?? open.registeredOn;
  if (from && !periodOver(from, LICENCE_TO_TAX_REGISTRATION_DAYS, ctx.asOf)) return [];
  const industry = 'industry' in open ? open.industry.code : open.industryCode;
  if (missing === 'national-tax' && !owesNationalTax(industry ?? reg.industryCode, ctx.asOf)) return [];
  const values: FindingValue[] = [
    { source: present, field: 'status', value: open.status },
    { source: missing, field: 'registration', value: null },
    { source: 'business-registry', field: 'establishedOn', value: reg.establishedOn },
  ];
  const offices = areaOffices(ctx, open.division || reg.division, [missing]);
  const owes =
    missing === 'local-tax'
      ? 'local tax (IIT withholding, stamp tax, the urban construction tax and surcharges on its VAT)'
      : `national tax (VAT: industry ${industry ?? 'unknown'} as of ${ctx.asOf})`;
  return [
    finding(s, {
      kind: 'UNREGISTERED_WITH_BUREAU',
      record: { source: 'business-registry', id: reg.id },
      aspect: missing,
      sources: [missing, present, 'business-registry'] as LegacySource[],
      detail:
        `Registered with ${present} (${open.status}, office ${open.taxOffice.code}) but not with ${missing}, ` +
        `more than ${LICENCE_TO_TAX_REGISTRATION_DAYS} days after its licence of ${reg.establishedOn ?? 'unknown date'}; an enterprise owes ${owes}.`,
      values,
      taxOfficeCodes: offices.length ? offices : [open.taxOffice.code],
    }),
  ];
}
