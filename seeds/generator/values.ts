/**
 * How the generator writes values: legacy date forms, zero-padded codes, shares of integer fen
 * (amounts are integer fen inside the generator; shared/money.ts turns them into yuan), random days.
 */
import type { Random } from '../random';

/** 'YYYY-MM-DD' -> the CHAR(8) 'YYYYMMDD' of local tax and TIPS. */
export const compact = (iso: string) => iso.replace(/-/g, '');
export const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const base36 = (n: number, width: number) => n.toString(36).toUpperCase().padStart(width, '0');
/** A rate's share of an amount in fen, rounded to the fen. */
export const pct = (fen: number, rate: number) => Math.round(fen * rate);

/** A day between two ISO days, both included: one draw. */
export function dateBetween(r: Random, fromIso: string, toIso: string): string {
  const a = Date.parse(`${fromIso}T00:00:00Z`);
  const b = Date.parse(`${toIso}T00:00:00Z`);
  return new Date(a + r.int(0, Math.round((b - a) / 86400000)) * 86400000).toISOString().slice(0, 10);
}

/** ASCII typed with a Chinese input method (shared/identifiers.ts toHalfWidth is its inverse, for the readers). */
export function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
