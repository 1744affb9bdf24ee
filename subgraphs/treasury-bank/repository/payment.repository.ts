import type { Knex } from 'knex';
import { CodeTables } from '../../kit/code-names';
import { toCharDate, toChinaDateTime } from '../../kit/mapping';
import type { TaxpayerMatch } from '../../kit/taxpayer-key';

/**
 * The TIPS message tables, by their legacy (quoted, mixed-case) names: TaxPayment, TreasuryEntry,
 * RefundInfo and the code tables. Nothing outside repository/ sees these names.
 *
 * Every statement starts from `fromPayments`, the one place where a bank restriction (a bank sees
 * its own payments only) is applied.
 */

/** Limits every payment query to one paying bank (TaxPayment.PayBkCode). */
export interface BankRestriction {
  bankCode: string;
}

/** A TaxPayment row with its code-table names, treasury receipt and refund summary. */
export interface PaymentRow {
  TaxOrgCode: string;
  EntrustDate: string;
  TraNo: string;
  TaxVouNo: string;
  TaxPayCode: string;
  TaxPayName: string;
  PayBkCode: string;
  PayAcct: string | null;
  TreCode: string;
  TraAmt: string;
  TaxTypeCode: string;
  BudgetSubjectCode: string;
  BudgetLevelCode: string;
  TaxStartDate: string;
  TaxEndDate: string;
  PayMode: string;
  Result: string | null;
  AddWord: string | null;
  DeductDate: string | null;
  DeductTime: string | null;
  TaxOrgName: string | null;
  TaxOrgType: string | null;
  BankName: string | null;
  TreName: string | null;
  TreDate: string | null;
  TreTime: string | null;
  /** STATUS_SQL's value. */
  PaymentStatus: string;
  /** RefundDate || RefundTime of the earliest refund, or null. */
  FirstRefundAt: string | null;
  /** SUM(RefundInfo.RefundAmt) of the voucher, or null without refunds. */
  RefundedAmt: string | null;
  /** RefundDate || RefundTime of the refund that made the refunds whole, or null while they are not. */
  WholeRefundAt: string | null;
}

export interface RefundRow {
  RefundNo: string;
  TaxOrgCode: string;
  OriTaxVouNo: string;
  RefundAmt: string;
  RefundDate: string;
  RefundTime: string;
}

/** The sort key of a page, newest first: (EntrustDate, TaxOrgCode, TraNo). */
export type PaymentPosition = readonly [entrustDate: string, taxOrgCode: string, traNo: string];

/** A payment's natural key as clients know it: tax office and voucher number. */
export interface VoucherKey {
  taxOfficeCode: string;
  voucherNo: string;
}

/** What the refunds of the voucher came to (yuan), NULL without any. */
const REFUNDED_SQL = `(SELECT SUM(r."RefundAmt") FROM "RefundInfo" r WHERE r."TaxOrgCode" = p."TaxOrgCode" AND r."OriTaxVouNo" = p."TaxVouNo")`;

/**
 * The status rule, stated once so the list filter and the mapped value agree: no Result -> awaiting
 * deduction; a Result other than 90000 -> failed; 90000 without a treasury receipt -> deducted; with
 * one -> in the treasury, or refunded when the refunds of the voucher come to its whole amount (a
 * partial refund leaves it in the treasury, with the refunded amount shown beside).
 */
const STATUS_SQL = `CASE
  WHEN COALESCE(TRIM(p."Result"), '') = '' THEN 'AWAITING_DEDUCTION'
  WHEN TRIM(p."Result") <> '90000' THEN 'FAILED'
  WHEN t."TraNo" IS NULL THEN 'DEDUCTED'
  WHEN ${REFUNDED_SQL} >= p."TraAmt" THEN 'REFUNDED'
  ELSE 'IN_TREASURY' END`;

/**
 * The organization code inside an old 15-character TIN (characters 7-15), repeated verbatim from the
 * index "TaxPayment_PayerOrg" so every query that uses it is served by it.
 */
const PAYER_ORG_SQL = `(CASE WHEN LENGTH(p."TaxPayCode") = 15 THEN SUBSTR(p."TaxPayCode", 7, 9) END)`;

const NEWEST_FIRST = [
  { column: 'p.EntrustDate', order: 'desc' },
  { column: 'p.TaxOrgCode', order: 'desc' },
  { column: 'p.TraNo', order: 'desc' },
] as const;

/** TaxPayment as `p`, restricted to one bank when a restriction is given: every payment query starts here. */
export function fromPayments(db: Knex, restriction?: BankRestriction | null): Knex.QueryBuilder {
  const q = db.from({ p: 'TaxPayment' });
  if (restriction) q.where('p.PayBkCode', restriction.bankCode);
  return q;
}

/** The code tables' names, held per process (kit/code-names.ts) rather than joined into every lookup. */
const CODE_TABLES = new CodeTables(
  'treasury-bank',
  `SELECT 'org' AS kind, "TaxOrgCode" AS code, "TaxOrgName" AS name FROM "TaxOrgCodeTable"
   UNION ALL SELECT 'orgType', "TaxOrgCode", "TaxOrgType" FROM "TaxOrgCodeTable"
   UNION ALL SELECT 'bank', "BankCode", "BankName" FROM "BankCodeTable"
   UNION ALL SELECT 'tre', "TreCode", "TreName" FROM "TreCodeTable"`,
);

/** Payments with the names of their codes, as a LEFT JOIN of the code tables gave them. */
async function withNames<R extends PaymentRow>(db: Knex, query: Knex.QueryBuilder): Promise<R[]> {
  const [rows, names] = await Promise.all([query as Promise<R[]>, CODE_TABLES.of(db)]);
  for (const row of rows) {
    row.TaxOrgName = names.name('org', row.TaxOrgCode);
    row.TaxOrgType = names.name('orgType', row.TaxOrgCode);
    row.BankName = names.name('bank', row.PayBkCode);
    row.TreName = names.name('tre', row.TreCode);
  }
  return rows;
}

/** Payments with everything a Payment needs but its code-table names (`withNames` adds them), in one statement. */
export function paymentQuery(db: Knex, restriction?: BankRestriction | null): Knex.QueryBuilder {
  return fromPayments(db, restriction)
    .leftJoin({ t: 'TreasuryEntry' }, (j) => {
      j.on('t.TaxOrgCode', 'p.TaxOrgCode').andOn('t.EntrustDate', 'p.EntrustDate').andOn('t.TraNo', 'p.TraNo');
    })
    .select(
      'p.*',
      't.TreDate',
      't.TreTime',
      db.raw(`${STATUS_SQL} AS "PaymentStatus"`),
      db.raw(
        `(SELECT MIN(r."RefundDate" || r."RefundTime") FROM "RefundInfo" r WHERE r."TaxOrgCode" = p."TaxOrgCode" AND r."OriTaxVouNo" = ` +
          `p."TaxVouNo") AS "FirstRefundAt"`,
      ),
      db.raw(`${REFUNDED_SQL} AS "RefundedAmt"`),
      // The refund that made the running total reach the amount: when the payment became REFUNDED.
      db.raw(
        `(SELECT MIN(w.at) FROM (SELECT r."RefundDate" || r."RefundTime" AS at, SUM(r."RefundAmt") OVER (ORDER BY r."RefundDate", ` +
          `r."RefundTime", r."RefundNo") AS total FROM "RefundInfo" r WHERE r."TaxOrgCode" = p."TaxOrgCode" AND r."OriTaxVouNo" = p."TaxVouNo") w ` +
          `WHERE w.total >= p."TraAmt") AS "WholeRefundAt"`,
      ),
    );
}

/** Payments by (tax office, voucher number), many at once (index TaxPayment_Voucher). */
export async function paymentsByVouchers(
  db: Knex,
  restriction: BankRestriction | null,
  keys: readonly VoucherKey[],
): Promise<PaymentRow[]> {
  return withNames(
    db,
    paymentQuery(db, restriction).joinRaw(
      'JOIN unnest(?::bpchar[], ?::text[]) AS v(office, voucher) ON p."TaxOrgCode" = v.office AND p."TaxVouNo" = v.voucher',
      [keys.map((k) => k.taxOfficeCode), keys.map((k) => k.voucherNo)],
    ),
  );
}

/** Refunds of many vouchers at once, oldest first (index RefundInfo_Voucher). */
export async function refundsFor(db: Knex, keys: readonly VoucherKey[]): Promise<RefundRow[]> {
  return db
    .from({ r: 'RefundInfo' })
    .joinRaw('JOIN unnest(?::bpchar[], ?::text[]) AS v(office, voucher) ON r."TaxOrgCode" = v.office AND r."OriTaxVouNo" = v.voucher', [
      keys.map((k) => k.taxOfficeCode),
      keys.map((k) => k.voucherNo),
    ])
    .select('r.RefundNo', 'r.TaxOrgCode', 'r.OriTaxVouNo', 'r.RefundAmt', 'r.RefundDate', 'r.RefundTime')
    .orderBy(['r.TaxOrgCode', 'r.OriTaxVouNo', 'r.RefundDate', 'r.RefundTime', 'r.RefundNo']);
}

/** A list's filter in the graph's terms; the statement turns dates into TIPS's CHAR(8) dates and CHAR(6) times. */
export interface ListFilter {
  bankCode?: string | null;
  /** One of STATUS_SQL's values. */
  status?: string | null;
  taxOfficeCode?: string | null;
  /** A levy item code (TaxTypeCode). */
  taxType?: string | null;
  /** A Date (YYYY-MM-DD), inclusive. */
  entrustedFrom?: string | null;
  entrustedTo?: string | null;
  /** A DateTime (ISO 8601 with offset). */
  since?: string | null;
  payerTin?: string | null;
  payer?: TaxpayerMatch | null;
}

/** One page of payments, newest first, after `after`; `limit` rows (callers ask one more to learn if more follow). */
export async function list(
  db: Knex,
  restriction: BankRestriction | null,
  filter: ListFilter,
  limit: number,
  after: PaymentPosition | null,
): Promise<PaymentRow[]> {
  const q = paymentQuery(db, restriction)
    .orderBy([...NEWEST_FIRST])
    .limit(limit);
  if (filter.bankCode) q.where('p.PayBkCode', filter.bankCode);
  if (filter.taxOfficeCode) q.where('p.TaxOrgCode', filter.taxOfficeCode);
  if (filter.taxType) q.where('p.TaxTypeCode', filter.taxType);
  if (filter.entrustedFrom) q.where('p.EntrustDate', '>=', toCharDate(filter.entrustedFrom));
  if (filter.entrustedTo) q.where('p.EntrustDate', '<=', toCharDate(filter.entrustedTo));
  if (filter.payerTin) q.where('p.TaxPayCode', filter.payerTin);
  if (filter.status) q.whereRaw(`${STATUS_SQL} = ?`, [filter.status]);
  if (filter.since) {
    const { date, time } = toChinaDateTime(filter.since);
    q.where((w) => {
      w.where('p.EntrustDate', '>=', date).orWhereRaw('(p."DeductDate", p."DeductTime") >= (?, ?)', [date, time]);
    });
  }
  if (filter.payer) {
    const { uscc, orgCode } = filter.payer;
    q.where((w) => {
      w.where('p.TaxPayCode', uscc);
      if (orgCode) w.orWhereRaw(`${PAYER_ORG_SQL} = ?`, [orgCode]);
    });
  }
  if (after) {
    // With the tax office fixed by the filter, the primary key (TaxOrgCode, EntrustDate, TraNo) serves
    // the order; the same position stated on its own columns lets that index seek to it.
    if (filter.taxOfficeCode && filter.taxOfficeCode === after[1])
      q.whereRaw('(p."EntrustDate", p."TraNo") < (?, ?)', [after[0], after[2]]);
    else q.whereRaw('(p."EntrustDate", p."TaxOrgCode", p."TraNo") < (?, ?, ?)', [...after]);
  }
  return withNames(db, q);
}

/** One taxpayer's page: who, how many rows at most, and after which position. */
export interface PayerPageKey {
  payer: TaxpayerMatch;
  limit: number;
  after: PaymentPosition | null;
}

/**
 * A row of `pagesForPayers`: which key it answers (index into the keys), that key's whole count, and
 * whether it lies after the key's cursor (one row before the cursor comes back per key, so the count
 * is known even for a page past the end; it is not part of the page).
 */
export type PayerPageRow = PaymentRow & { KeyIndex: number; TotalCount: string; InPage: boolean };

/**
 * Pages of many taxpayers' payments in one statement, whatever their number: the keys go in as
 * arrays, each payment is matched by TaxPayCode = USCC or by the organization code of an old TIN,
 * and a window numbers each key's payments after its cursor, newest first, keeping `limit` of them.
 * Rows come ordered by key, then newest first.
 */
export async function pagesForPayers(
  db: Knex,
  restriction: BankRestriction | null,
  keys: readonly PayerPageKey[],
): Promise<PayerPageRow[]> {
  const keyTable = db.raw(
    'SELECT * FROM unnest(?::int[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[]) AS k(i, uscc, org, lim, c_date, c_org, c_tra)',
    [
      keys.map((_, i) => i),
      keys.map((k) => k.payer.uscc),
      keys.map((k) => k.payer.orgCode),
      keys.map((k) => k.limit),
      keys.map((k) => k.after?.[0] ?? null),
      keys.map((k) => k.after?.[1] ?? null),
      keys.map((k) => k.after?.[2] ?? null),
    ] as unknown as readonly Knex.RawBinding[],
  ); // arrays with nulls: pg sends them as SQL arrays
  const matchColumns = [
    'k.i',
    'k.lim',
    'p.TaxOrgCode',
    'p.EntrustDate',
    'p.TraNo',
    db.raw(
      '(k.c_date IS NULL OR (p."EntrustDate", p."TaxOrgCode", p."TraNo") < (k.c_date::bpchar, k.c_org::bpchar, k.c_tra::bpchar)) AS after',
    ),
  ];
  // Two joins rather than one with OR: each can use its own index, or a hash join over the keys.
  const byUscc = fromPayments(db, restriction).join('k', 'p.TaxPayCode', 'k.uscc').select(matchColumns);
  const byOrg = fromPayments(db, restriction).joinRaw(`JOIN k ON ${PAYER_ORG_SQL} = k.org`).select(matchColumns);
  const ranked = db
    .from(byUscc.unionAll(byOrg, true).as('m'))
    .select(
      'm.*',
      db.raw('COUNT(*) OVER (PARTITION BY m.i) AS total'),
      db.raw('ROW_NUMBER() OVER (PARTITION BY m.i, m.after ORDER BY m."EntrustDate" DESC, m."TaxOrgCode" DESC, m."TraNo" DESC) AS rn'),
    );
  const pages = paymentQuery(db, restriction)
    .with('k', keyTable)
    .join(ranked.as('x'), (j) => {
      j.on('x.TaxOrgCode', 'p.TaxOrgCode').andOn('x.EntrustDate', 'p.EntrustDate').andOn('x.TraNo', 'p.TraNo');
    })
    .select({ KeyIndex: 'x.i', TotalCount: 'x.total', InPage: 'x.after' })
    .whereRaw('((x.after AND x.rn <= x.lim) OR (NOT x.after AND x.rn = 1))')
    .orderBy([{ column: 'x.i' }, ...NEWEST_FIRST]);
  return withNames<PayerPageRow>(db, pages);
}
