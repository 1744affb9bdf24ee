import {
  classifyLegacyId,
  isPlaceholderOrgCode,
  isValidOrgCode,
  isAcceptedUscc,
  isValidUscc,
  orgCodeFromUscc,
  usccCheckChar,
} from '../../shared/identifiers';
import { code } from './mapping';

/**
 * How a source finds its own records for a USCC. Enterprises join across systems on the
 * organization code (USCC characters 9-17), never on a full TIN, because old TINs froze a division
 * that often differs from the USCC's. Individual businesses ('92…') have no organization code in
 * tax records: sources match them by the USCC they recorded. A placeholder organization code
 * (shared/identifiers.ts isPlaceholderOrgCode) names no organization: it neither yields a USCC nor
 * matches one.
 */
export interface TaxpayerMatch {
  uscc: string;
  /** Set for organizations (entity type other than 2, individual business). */
  orgCode: string | null;
}

export function matchFor(uscc: string): TaxpayerMatch {
  if (uscc.length !== 18) return { uscc, orgCode: null };
  const orgCode = orgCodeFromUscc(uscc);
  const individual = uscc[1] === '2';
  return { uscc, orgCode: individual || isPlaceholderOrgCode(orgCode) ? null : orgCode };
}

/**
 * The USCC a record stands for: the one it recorded; else its TIN when that is a USCC; else, from an
 * old TIN, its organization code with the record's current division. Null for citizen-ID TINs, whose
 * USCC cannot be derived, and for a TIN carrying a placeholder organization code. A derived USCC
 * joins correctly everywhere, since sources match on its organization code.
 */
export function usccFor(
  recorded: string | null | undefined,
  tin: string | null | undefined,
  division: string | null | undefined,
): string | null {
  const known = code(recorded);
  // A pilot code (shared/identifiers.ts) is legal where recorded: the taxpayer stands under it.
  if (known && isAcceptedUscc(known)) return known;
  const t = code(tin);
  if (!t) return null;
  if (t.length === 18 && isValidUscc(t)) return isPlaceholderOrgCode(orgCodeFromUscc(t)) ? null : t;
  const kind = classifyLegacyId(t);
  if (kind.kind === 'old-tin' && kind.orgCode && isValidOrgCode(kind.orgCode) && !isPlaceholderOrgCode(kind.orgCode)) {
    const div = code(division) ?? t.slice(0, 6);
    const first17 = `91${div}${kind.orgCode}`;
    try {
      return first17 + usccCheckChar(first17);
    } catch {
      return null; // the organization code holds letters outside the USCC alphabet
    }
  }
  return null;
}

/** The keys a source record is found by for a taxpayer, as the source's batch searched them. */
export interface RecordKeys {
  /** The record's internal key: a record found under several keys counts once. */
  id: string;
  /** The USCCs it stands under: the one it recorded, and its TIN where the source searches TINs for USCCs. */
  usccs: readonly (string | null)[];
  /** The organization code inside its TIN. */
  orgCode: string | null;
}

/** A record of a batch with the keys it was found by. */
export interface FoundRecord<T> {
  keys: RecordKeys;
  record: T;
}

/**
 * A batch's records per asked taxpayer, each record once, in `order`: those standing under its USCC,
 * and (organizations only) those whose TIN carries its organization code.
 */
export function recordsPerTaxpayer<T>(
  matches: readonly TaxpayerMatch[],
  found: readonly FoundRecord<T>[],
  order: (a: T, b: T) => number,
): T[][] {
  const byUscc = new Map<string, FoundRecord<T>[]>();
  const byOrg = new Map<string, FoundRecord<T>[]>();
  const add = (index: Map<string, FoundRecord<T>[]>, key: string, entry: FoundRecord<T>) => {
    const list = index.get(key);
    if (list) list.push(entry);
    else index.set(key, [entry]);
  };
  for (const entry of found) {
    for (const uscc of new Set(entry.keys.usccs)) if (uscc) add(byUscc, uscc, entry);
    if (entry.keys.orgCode) add(byOrg, entry.keys.orgCode, entry);
  }
  return matches.map((m) => {
    const records = new Map<string, T>();
    for (const { keys, record } of [...(byUscc.get(m.uscc) ?? []), ...(m.orgCode ? (byOrg.get(m.orgCode) ?? []) : [])]) {
      if (!records.has(keys.id)) records.set(keys.id, record);
    }
    return [...records.values()].sort(order);
  });
}

/**
 * Orders a taxpayer's records with its account, the primary record, first: a live record before a
 * deregistered one, then the earliest registration (an unknown date last), then the lowest internal
 * key (the shorter first, so digit keys such as DJXH go by number).
 */
export function primaryFirst<T extends { id: string; registeredOn: string | null }>(
  isDeregistered: (record: T) => boolean,
): (a: T, b: T) => number {
  return (a, b) => {
    const deregistered = Number(isDeregistered(a)) - Number(isDeregistered(b));
    if (deregistered !== 0) return deregistered;
    const da = a.registeredOn ?? '9999-99-99';
    const db = b.registeredOn ?? '9999-99-99';
    if (da !== db) return da < db ? -1 : 1;
    if (a.id.length !== b.id.length) return a.id.length - b.id.length;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
