import { toHalfWidth } from '../../shared/identifiers';

/**
 * Conversions every mapper needs when a legacy row becomes a graph object: CHAR padding, CHAR(8)
 * dates, fen, yuan numerics, full-width typing. Money stays in strings and BigInt, never a float.
 */

/** Trims CHAR padding and stray blanks (incl. the ideographic space); empty becomes null. */
export function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return t === '' ? null : t;
}

/** An identifier as typed into a legacy screen: trimmed, half-width, upper case. */
export function code(value: string | null | undefined): string | null {
  const t = text(value);
  return t === null ? null : toHalfWidth(t).toUpperCase();
}

/** 'YYYYMMDD' (CHAR(8)) -> 'YYYY-MM-DD'; blanks, zeros and impossible dates become null. */
export function charDate(value: string | null | undefined): string | null {
  const t = text(value);
  if (!t || !/^\d{8}$/.test(t)) return null;
  const y = +t.slice(0, 4);
  const m = +t.slice(4, 6);
  const d = +t.slice(6, 8);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
}

/** 'YYYY-MM-DD' -> 'YYYYMMDD' for querying CHAR(8) columns. */
export function toCharDate(iso: string): string {
  return iso.replace(/-/g, '');
}

/** A CHAR(8) date and CHAR(6) time in China Standard Time -> ISO 8601 with offset. */
export function chinaDateTime(date8: string | null | undefined, time6: string | null | undefined): string | null {
  const d = charDate(date8);
  if (!d) return null;
  const t = text(time6);
  const hms = t && /^\d{6}$/.test(t) ? `${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}` : '00:00:00';
  return `${d}T${hms}+08:00`;
}

/** A point in time (ISO 8601 with an offset, as the DateTime scalar checked it) as China Standard Time CHAR(8) date and CHAR(6) time. */
export function toChinaDateTime(iso: string): { date: string; time: string } {
  const china = new Date(Date.parse(iso) + 8 * 3600_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ, shifted to UTC+8
  return { date: china.slice(0, 10).replace(/-/g, ''), time: china.slice(11, 19).replace(/:/g, '') };
}

/** A PostgreSQL timestamp without zone (a legacy system's local time, China Standard Time) -> ISO 8601. */
export function chinaTimestamp(value: string | null | undefined): string | null {
  const t = text(value);
  if (!t) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(t);
  return m ? `${m[1]}T${m[2]}+08:00` : null;
}
