import { storableJson } from './record';
import { isValidCitizenId, isValidOrgCode, isValidRegistrationNo, isValidUscc, maskPersonalId } from '../../shared/identifiers';

/**
 * Personal data never enters the audit trail: the variables of an operation are stored with citizen
 * IDs, citizen-ID TINs, phone numbers and bank accounts masked (`5101**********1236`, the same mask
 * the graph uses). Two nets catch them: a variable whose name says it holds personal data is masked
 * whatever it looks like, and every string is scanned for values shaped like one. The scan errs on
 * the side of masking (a 20-digit voucher number is masked like an ID-TIN); a USCC, the key the
 * access log is searched by, is kept.
 */

/** Names (lower case, separators removed) of variables that hold personal data whatever their shape. */
const PERSONAL_NAME = /citizen|idcard|idno|idnumber|cerno|passport|phone|mobile|telephone|^tel$|tel$|account|payeracct|acct/;

const isDate = (yyyymmdd: string): boolean => {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** Whether one alphanumeric token is personal data by its shape. */
export function isPersonalToken(token: string): boolean {
  const t = token.toUpperCase();
  // Citizen-ID TIN of an individual business: citizen ID + 2 digits.
  if (/^\d{17}[\dX]\d{2}$/.test(t)) return true;
  // 18 characters: a citizen ID, unless it is a valid USCC that is not also a valid citizen ID.
  if (/^\d{17}[\dX]$/.test(t)) return !(isValidUscc(t) && !isValidCitizenId(t));
  // Bank card and account numbers.
  if (/^\d{16,19}$/.test(t)) return true;
  // A 15-digit citizen ID of the old kind (YYMMDD at positions 7-12), when it is neither a
  // registration number nor an old TIN (division + org code).
  if (/^\d{15}$/.test(t)) return isDate(`19${t.slice(6, 12)}`) && !isValidRegistrationNo(t) && !isValidOrgCode(t.slice(6));
  // Mainland mobile numbers, with or without the country code.
  if (/^(86)?1[3-9]\d{9}$/.test(t)) return true;
  return false;
}

const LANDLINE = /(?<![0-9A-Za-z])0\d{2,3}-\d{7,8}(?![0-9A-Za-z])/g;

/** A string with every personal-data-shaped token in it masked. */
export function redactString(s: string): string {
  return s
    .replace(/[0-9A-Za-z]+/g, (token) => (isPersonalToken(token) ? maskPersonalId(token) : token))
    .replace(LANDLINE, (m) => maskPersonalId(m));
}

function maskWhole(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalId(value);
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(maskWhole);
  return '[redacted]';
}

/** Variables as the audit trail keeps them. */
export function redactVariables(value: unknown, name = ''): unknown {
  if (name && PERSONAL_NAME.test(name.toLowerCase().replace(/[^a-z]/g, ''))) return maskWhole(value);
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redactVariables(v, name));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactVariables(v, k)]));
  }
  return value;
}

/**
 * The variables of an operation as the audit record stores them: nesting cut to a sane depth first
 * (so nothing below recurses without bound), personal data masked, then made storable and capped.
 */
export function auditVariables(raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  return storableJson(redactVariables(storableJson(raw, 32, Number.POSITIVE_INFINITY)));
}
