import { decodeCursor } from '../../kit/connection';
import { badUserInput } from '../../../shared/errors';
import { code, toCharDate } from '../../kit/mapping';
import type { PaymentPosition } from '../repository/payment.repository';

/**
 * Checks and normalizes the identifiers clients send (stray blanks and full-width digits forgiven),
 * so a bad one is BAD_USER_INPUT naming the argument, never an empty answer or a database error.
 */

function digits(argument: string, value: string, length: number, what: string): string {
  const v = code(value) ?? '';
  if (!new RegExp(`^\\d{${length}}$`).test(v)) {
    throw badUserInput(`${argument} must be ${what} (${length} digits), got '${value.slice(0, 30)}'`, { argument });
  }
  return v;
}

/** An 11-digit tax office code (征收机关代码). */
export const taxOfficeCodeArg = (value: string, argument = 'taxOfficeCode') => digits(argument, value, 11, 'a tax office code');

/** A 12-digit bank code (行号). */
export const bankCodeArg = (value: string, argument = 'bankCode') => digits(argument, value, 12, 'a bank code');

/** A 5-digit levy item code (征收项目代码). */
export const taxTypeArg = (value: string, argument = 'taxType') => digits(argument, value, 5, 'a tax type code');

/** A voucher number (税票号码): 1-18 letters and digits. */
export function voucherNoArg(value: string, argument = 'voucherNo'): string {
  const v = code(value) ?? '';
  if (!/^[0-9A-Z]{1,18}$/.test(v))
    throw badUserInput(`${argument} must be a voucher number (1-18 letters and digits), got '${value.slice(0, 30)}'`, { argument });
  return v;
}

/** A taxpayer identification number as banks send it: 15 (old TIN), 18 (USCC) or 20 (citizen-ID TIN) characters. */
export function payerTinArg(value: string, argument = 'payerTin'): string {
  const v = code(value) ?? '';
  if (!/^[0-9A-Z]{15,20}$/.test(v))
    throw badUserInput(`${argument} must be a taxpayer identification number (15-20 letters and digits), got '${value.slice(0, 30)}'`, {
      argument,
    });
  return v;
}

/** A Date scalar value as a CHAR(8) date. */
export const charDateArg = (iso: string) => toCharDate(iso);

/** A DateTime scalar value as China Standard Time CHAR(8) date and CHAR(6) time, the way TIPS stores them. */
export function chinaDateTimeArg(iso: string): { date: string; time: string } {
  const ms = Date.parse(iso);
  const china = new Date(ms + 8 * 3600_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ, shifted to UTC+8
  return { date: china.slice(0, 10).replace(/-/g, ''), time: china.slice(11, 19).replace(/:/g, '') };
}

/** A cursor issued by a payment list: its position (entrustment date, tax office, transaction number). */
export function paymentCursorArg(after: string | null | undefined): PaymentPosition | null {
  const key = decodeCursor(after, 3);
  if (!key) return null;
  const [date, office, traNo] = key;
  if (!/^\d{8}$/.test(date) || office.length > 11 || traNo.length > 8) {
    throw badUserInput('after is not a cursor this list issued (use pageInfo.endCursor of the previous page)', { argument: 'after' });
  }
  return [date, office, traNo];
}
