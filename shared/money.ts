/**
 * Money, the one home of its conversions. In the graph an amount is yuan as a decimal string with two
 * places (`Money`); inside the code sums are integer fen (BigInt); the legacy sources keep fen
 * integers (local tax), NUMERIC yuan (national tax, TIPS) or 万元 with four places (the registry).
 * Nothing here passes through a float.
 */

/** Integer fen (as PostgreSQL's int8 text, a whole number or a BigInt) -> yuan with two places. */
export function fenToYuan(fen: string | number | bigint): string;
export function fenToYuan(fen: string | number | bigint | null | undefined): string | null;
export function fenToYuan(fen: string | number | bigint | null | undefined): string | null {
  if (fen === null || fen === undefined) return null;
  const n = BigInt(fen);
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A NUMERIC yuan amount as PostgreSQL sent it ('0012.3400') -> exactly two places ('12.34'). */
export function numericToYuan(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new Error(`not a decimal amount: ${value}`);
  const frac = (m[3] ?? '').padEnd(2, '0');
  if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) throw new Error(`amount has more than two places: ${value}`);
  return `${m[1]}${BigInt(m[2])}.${frac.slice(0, 2)}`;
}

/** Yuan decimal string -> integer fen as BigInt (for sums and comparisons). */
export function yuanToFen(value: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) throw new Error(`not a yuan amount: ${value}`);
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** Registered capital is kept in 万元 (10,000 yuan) with four places: shift to yuan exactly. */
export function wanToYuan(value: string | null): string | null {
  if (value === null) return null;
  const m = /^(-?)(\d+)(?:\.(\d{0,4}))?$/.exec(value.trim());
  if (!m) return null;
  const fen = BigInt(m[2]) * 1_000_000n + BigInt((m[3] ?? '').padEnd(4, '0')) * 100n;
  return fenToYuan(m[1] ? -fen : fen);
}
