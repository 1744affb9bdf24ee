/**
 * Chinese taxpayer identifiers (DOMAIN.md "Identifiers"): check characters, validators,
 * builders and a classifier for the ids found in the four legacy sources. Pure functions, no
 * dependencies, so the subgraphs, the seed generator and the tests share one definition.
 *
 * Validators (`isValid*`, `validateUscc`) take the string as stored and do not clean it up,
 * except the org-code ones, which accept the printed forms; `classifyLegacyId` and
 * `normalizeOrgCode` are the places that forgive padding, full-width characters and case.
 */

/** The 31 USCC symbols in value order (GB 32100-2015); I O Z S V are left out to avoid misreading. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 11714 allows every digit and capital letter, so its alphabet is wider than the USCC one. */
const ORG_CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** W_i = 3^(i-1) mod 31, written out so it can be compared with the standard's table. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11714 weights for the 8 body characters. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 weights (2^(17-i) mod 11) for the 17 body digits. */
const CITIZEN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Largest n for makeOrgCode: 8 base-36 digits. */
const MAX_ORG_CODE_N = 36 ** 8 - 1;

/** Largest n for makeUsccSafeOrgCode: 8 base-31 digits. */
const MAX_USCC_SAFE_ORG_CODE_N = 31 ** 8 - 1;

/** Result of validateUscc; `reason` is meant for a person reading a validation report. */
export interface UsccValidation {
  valid: boolean;
  reason?: string;
  /**
   * Set when the code fails only on its check character and lies in the Fujian pilot range (PILOT_USCC_RANGE):
   * early pilot codes (2014-15) fail the check yet are legal, so such a code is accepted with a warning.
   */
  pilot?: boolean;
}

/** What kind of identifier a legacy key column holds, and the join key it carries. */
export type LegacyIdKind = 'uscc' | 'old-tin' | 'individual-tin' | 'registration-no' | 'org-code' | 'internal' | 'unknown';

/** Result of classifyLegacyId; orgCode / citizenId are the keys to join across systems on. */
export interface LegacyIdClassification {
  kind: LegacyIdKind;
  orgCode?: string;
  citizenId?: string;
}

/** Sum of value x weight over the first 17 USCC characters; exposed so the standard's worked example (1640) can be checked. */
export function usccWeightedSum(first17: string): number {
  if (first17.length !== 17) throw new Error(`USCC body must be 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]);
    if (value < 0) {
      throw new Error(`character '${first17[i]}' at position ${i + 1} is not in the USCC alphabet`);
    }
    sum += value * USCC_WEIGHTS[i];
  }
  return sum;
}

/** The 18th USCC character for a 17-character body (GB 32100-2015). */
export function usccCheckChar(first17: string): string {
  return USCC_ALPHABET[(31 - (usccWeightedSum(first17) % 31)) % 31];
}

/** Validates a USCC and says why not, so a data-quality report can show the reason. */
export function validateUscc(code: string): UsccValidation {
  if (code.length !== 18) return { valid: false, reason: `expected 18 characters, got ${code.length}` };
  // Report a bad check character together with the expected one; report any other bad character plainly.
  for (let i = 0; i < 17; i++) {
    if (!USCC_ALPHABET.includes(code[i])) {
      return { valid: false, reason: `character '${code[i]}' at position ${i + 1} is not in the USCC alphabet` };
    }
  }
  const division = code.slice(2, 8);
  if (!/^\d{6}$/.test(division)) {
    return { valid: false, reason: `division code (positions 3-8) must be 6 digits, got '${division}'` };
  }
  const expected = usccCheckChar(code.slice(0, 17));
  const actual = code[17];
  if (!USCC_ALPHABET.includes(actual)) {
    return {
      valid: false,
      reason: `character '${actual}' at position 18 is not in the USCC alphabet (check character should be '${expected}')`,
    };
  }
  if (actual !== expected) {
    const reason = `check character should be '${expected}', got '${actual}'`;
    return PILOT_USCC_RANGE.test(code) ? { valid: false, reason, pilot: true } : { valid: false, reason };
  }
  return { valid: true };
}

/**
 * The range of the early Fujian pilot codes (DOMAIN.md; 2014-15, before GB 32100-2015 fixed the check
 * character): registration authority 9 (工商), entity type 1-3, a Fujian division (35xxxx) and a subject
 * code the registry assigned itself (beginning with M, not a GB 11714 organization code). This project's
 * rule, from the one pilot code DOMAIN.md gives (91350100M0001TGQXM); no published list tells pilot codes
 * from typos, so a mistyped check character inside this range is taken for a pilot code too: it is
 * accepted, and answers null where no source knows it.
 */
export const PILOT_USCC_RANGE = /^9[123]35\d{4}M/;

/** A legal pilot code: well formed, in PILOT_USCC_RANGE, failing only the check character. */
export function isPilotUscc(code: string): boolean {
  return validateUscc(code).pilot === true;
}

/** A USCC the graph accepts: a valid one, or a pilot code (with a warning where records carry it). */
export function isAcceptedUscc(code: string): boolean {
  const r = validateUscc(code);
  return r.valid || r.pilot === true;
}

/** True for a well-formed USCC whose check character matches; pilot codes that fail the check are false. */
export function isValidUscc(code: string): boolean {
  return validateUscc(code).valid;
}

/** Full-width ASCII and the ideographic space to half-width, because legacy forms were often typed with a Chinese IME. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

/** Canonical 9-character org code from the forms found on certificates and in old tables ('d2143569－x ' -> 'D2143569X'). */
export function normalizeOrgCode(raw: string): string {
  const s = toHalfWidth(raw).trim().toUpperCase();
  // The certificate prints the check character after a hyphen; only that hyphen is dropped.
  return /^[0-9A-Z]{8}-[0-9A-Z]$/.test(s) ? s.slice(0, 8) + s.slice(9) : s;
}

/** The GB 11714 check character for an 8-character org code body. */
export function orgCodeCheckChar(first8: string): string {
  if (first8.length !== 8) throw new Error(`org code body must be 8 characters, got ${first8.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = ORG_CODE_ALPHABET.indexOf(first8[i]);
    if (value < 0) throw new Error(`character '${first8[i]}' at position ${i + 1} is not allowed in an org code`);
    sum += value * ORG_CODE_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** True for a GB 11714 org code with a matching check character, printed forms included. */
export function isValidOrgCode(code: string): boolean {
  const s = normalizeOrgCode(code);
  return /^[0-9A-Z]{8}[0-9X]$/.test(s) && orgCodeCheckChar(s.slice(0, 8)) === s[8];
}

/** The GB 11643 check character for the first 17 digits of a citizen ID. */
export function citizenIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`citizen ID body must be 17 digits, got '${first17}'`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CITIZEN_ID_WEIGHTS[i];
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** True when YYYYMMDD names a day that exists (proleptic Gregorian calendar). */
function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth;
}

/** True for an 18-character citizen ID with a real birth date and a matching check character (uppercase 'X' only). */
export function isValidCitizenId(id: string): boolean {
  return /^\d{17}[0-9X]$/.test(id) && isCalendarDate(id.slice(6, 14)) && citizenIdCheckChar(id.slice(0, 17)) === id[17];
}

/** The ISO 7064 MOD 11,10 check digit for the first 14 digits of a business registration number. */
export function registrationNoCheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14)) throw new Error(`registration number body must be 14 digits, got '${first14}'`);
  let p = 10;
  for (const ch of first14) {
    let s = (p + Number(ch)) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

/** True for a 15-digit business registration number (GS 15-2006) with a matching check digit. */
export function isValidRegistrationNo(no: string): boolean {
  return /^\d{15}$/.test(no) && registrationNoCheckDigit(no.slice(0, 14)) === no[14];
}

/** Throws unless the string is 18 characters, since slicing a wrong-length code would silently give a wrong key. */
function assertUsccLength(uscc: string): void {
  if (uscc.length !== 18) throw new Error(`USCC must be 18 characters, got ${uscc.length}`);
}

/** The organization code inside a USCC (chars 9-17): the key that joins it to pre-2015 records. */
export function orgCodeFromUscc(uscc: string): string {
  assertUsccLength(uscc);
  return uscc.slice(8, 17);
}

/** The division code inside a USCC (chars 3-8); it may differ from the one in the same taxpayer's old TIN. */
export function divisionFromUscc(uscc: string): string {
  assertUsccLength(uscc);
  return uscc.slice(2, 8);
}

/** The pre-2015 organization TIN; format is checked but not the org code's check character, so legacy keys can be rebuilt as stored. */
export function oldTin(division: string, orgCode: string): string {
  if (!/^\d{6}$/.test(division)) throw new Error(`division code must be 6 digits, got '${division}'`);
  const code = normalizeOrgCode(orgCode);
  if (!/^[0-9A-Z]{9}$/.test(code)) throw new Error(`org code must be 9 characters 0-9/A-Z, got '${orgCode}'`);
  return division + code;
}

/** The pre-2015 TIN of an individual business: citizen ID plus a 2-digit index for the person's n-th business. */
export function individualTin(citizenId: string, businessIndex = 0): string {
  if (!/^\d{17}[0-9X]$/.test(citizenId)) throw new Error(`citizen ID must be 17 digits and a check character, got '${citizenId}'`);
  if (!Number.isInteger(businessIndex) || businessIndex < 0 || businessIndex > 99) {
    throw new Error(`business index must be an integer 0..99, got ${businessIndex}`);
  }
  return citizenId + String(businessIndex).padStart(2, '0');
}

/**
 * Guesses what a legacy key holds, after trimming, half-widthing and uppercasing it.
 * The length decides, except at 15 characters where an old TIN (6 digits + valid org code)
 * wins over a registration number, because a digit-only org code makes both checks possible
 * and the org code is the better join key. An 18-character string is only ever a USCC: a bare
 * citizen ID is not a taxpayer id, and pilot USCCs that fail the check come back 'unknown'.
 */
export function classifyLegacyId(id: string): LegacyIdClassification {
  const s = toHalfWidth(id).trim().toUpperCase();
  switch (s.length) {
    case 18:
      return isValidUscc(s) ? { kind: 'uscc', orgCode: s.slice(8, 17) } : { kind: 'unknown' };
    case 15:
      if (/^\d{6}/.test(s) && isValidOrgCode(s.slice(6))) return { kind: 'old-tin', orgCode: s.slice(6) };
      return isValidRegistrationNo(s) ? { kind: 'registration-no' } : { kind: 'unknown' };
    case 20:
      return isValidCitizenId(s.slice(0, 18)) && /^\d{2}$/.test(s.slice(18))
        ? { kind: 'individual-tin', citizenId: s.slice(0, 18) }
        : { kind: 'unknown' };
    case 9:
    case 10:
      return isValidOrgCode(s) ? { kind: 'org-code', orgCode: normalizeOrgCode(s) } : { kind: 'unknown' };
    case 8:
      return /^[0-9A-Z]{8}$/.test(s) ? { kind: 'internal' } : { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}

/**
 * A typing placeholder, never an organization: an organization code whose 8-character body is one
 * character repeated ('000000000'; '000000000' even passes the GB 11714 check). The body decides,
 * not the check character: a clerk or a bank counter that did not know the code typed the body and
 * whatever check character came to hand (the seed plants payer TINs '<division>00000000<digit>' for
 * such payments), so '000000003' is as much a placeholder as '000000000'. Written as a regular
 * expression that PostgreSQL reads the same way, so the repositories' SQL applies this very rule.
 */
export const PLACEHOLDER_ORG_CODE = /^(.)\1{7}/;

/** A whole identifier typed as one repeated character ('000000000000000', '111111111111111'). */
export const ONE_REPEATED_CHARACTER = /^(.)\1*$/;

/** Whether a (normalized) organization code is a placeholder: see PLACEHOLDER_ORG_CODE. */
export function isPlaceholderOrgCode(orgCode: string | null | undefined): boolean {
  return !!orgCode && PLACEHOLDER_ORG_CODE.test(orgCode);
}

/** The organization code inside a TIN: characters 7-15 of an old 15-character TIN, 9-17 of a USCC; null for other lengths. */
export function orgCodeInTin(tin: string): string | null {
  if (tin.length === 18) return tin.slice(8, 17);
  if (tin.length === 15) return tin.slice(6);
  return null;
}

/** A TIN typed as a placeholder: one repeated character, or carrying a placeholder organization code. */
export function isPlaceholderTin(tin: string): boolean {
  return ONE_REPEATED_CHARACTER.test(tin) || isPlaceholderOrgCode(orgCodeInTin(tin));
}

/** Hides the middle of a personal id for callers not cleared to see it; short strings are hidden entirely. */
export function maskPersonalId(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** Fixed-width encoding of n in the given digit alphabet; throws outside 0..max so distinct n stay distinct. */
function encodeFixed(n: number, alphabet: string, width: number, max: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new Error(`n must be an integer 0..${max}, got ${n}`);
  let out = '';
  for (let i = 0; i < width; i++) {
    out = alphabet[n % alphabet.length] + out;
    n = Math.floor(n / alphabet.length);
  }
  return out;
}

/** A valid GB 11714 org code for n (0 <= n < 36^8, distinct n -> distinct codes); may contain I O Z S V, so not always usable in a USCC. */
export function makeOrgCode(n: number): string {
  const body = encodeFixed(n, ORG_CODE_ALPHABET, 8, MAX_ORG_CODE_N);
  return body + orgCodeCheckChar(body);
}

/**
 * A valid GB 11714 org code for n (0 <= n < 31^8, distinct n -> distinct codes) built only from USCC
 * characters; its check char (digit or X) is always a USCC char too.
 */
export function makeUsccSafeOrgCode(n: number): string {
  const body = encodeFixed(n, USCC_ALPHABET, 8, MAX_USCC_SAFE_ORG_CODE_N);
  return body + orgCodeCheckChar(body);
}

/** A valid USCC around a valid org code; throws on any part a real USCC could not contain. */
export function makeUscc(authority: string, entityType: string, division: string, orgCode: string): string {
  if (authority.length !== 1 || !USCC_ALPHABET.includes(authority)) {
    throw new Error(`registration authority must be one USCC character, got '${authority}'`);
  }
  if (entityType.length !== 1 || !USCC_ALPHABET.includes(entityType)) {
    throw new Error(`entity type must be one USCC character, got '${entityType}'`);
  }
  if (!/^\d{6}$/.test(division)) throw new Error(`division code must be 6 digits, got '${division}'`);
  const code = normalizeOrgCode(orgCode);
  for (const ch of code) {
    if (!USCC_ALPHABET.includes(ch)) throw new Error(`org code '${orgCode}' contains '${ch}', which is not in the USCC alphabet`);
  }
  if (!isValidOrgCode(code)) throw new Error(`org code '${orgCode}' is not a valid GB 11714 code`);
  const body = authority + entityType + division + code;
  return body + usccCheckChar(body);
}

/** A valid citizen ID; throws on a birth date that does not exist so generated people are plausible. */
export function makeCitizenId(division: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(division)) throw new Error(`division code must be 6 digits, got '${division}'`);
  if (!isCalendarDate(birthDate)) throw new Error(`birth date must be a real YYYYMMDD date, got '${birthDate}'`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new Error(`sequence must be an integer 0..999, got ${sequence}`);
  }
  const body = division + birthDate + String(sequence).padStart(3, '0');
  return body + citizenIdCheckChar(body);
}

/** A valid 15-digit business registration number from a 6-digit authority and an 8-digit sequence. */
export function makeRegistrationNo(authority6: string, sequence: number): string {
  if (!/^\d{6}$/.test(authority6)) throw new Error(`registration authority must be 6 digits, got '${authority6}'`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 99_999_999) {
    throw new Error(`sequence must be an integer 0..99999999, got ${sequence}`);
  }
  const body = authority6 + String(sequence).padStart(8, '0');
  return body + registrationNoCheckDigit(body);
}
