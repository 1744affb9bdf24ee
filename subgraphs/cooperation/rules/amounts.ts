import { fenToYuan, yuanToFen } from '../../../shared/money';

/** Yuan as the sources give them (decimal strings) to fen; none counts as zero. */
export const fen = (yuan: string | null | undefined): bigint => (yuan ? yuanToFen(yuan) : 0n);
export const yuanText = (f: bigint): string => fenToYuan(f)!;
/** A rate to four places, as rates are compared and shown. */
export const rate4 = (rate: string) => Number(rate).toFixed(4);
/** The China-time calendar day of an ISO date-time with offset. */
export const chinaDay = (dateTime: string) => new Date(Date.parse(dateTime) + 8 * 3600_000).toISOString().slice(0, 10);
