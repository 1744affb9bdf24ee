import { addDays, addMonths } from '../shared/dates';
import { yuanToFen } from '../shared/money';
import { Pool } from 'pg';
import { LEGACY_SOURCES, LegacySource, SourceUrls } from '../shared/sources';
import type { CaseEntry, CaseKind, Manifest } from './manifest';
import { TREASURY_GRACE_DAYS } from './reference';

/**
 * Checks the ground truth against the legacy databases: every planted case is present where the
 * manifest says, and, for the rules one database can judge alone, the manifest lists every record
 * the rule fires on (so a test can rely on it for both precision and recall). Returns the problems.
 */
export async function verifyManifest(urls: SourceUrls, manifest: Manifest): Promise<string[]> {
  const pools = Object.fromEntries(LEGACY_SOURCES.map((s) => [s, new Pool({ connectionString: urls[s], max: 4 })])) as Record<
    LegacySource,
    Pool
  >;
  const problems: string[] = [];
  const q = async <T extends Record<string, unknown>>(source: LegacySource, sql: string, params: unknown[] = []) =>
    (await pools[source].query<T>(sql, params)).rows;
  try {
    const check = (kind: CaseKind, entry: CaseEntry, ok: boolean, what: string) => {
      if (!ok) problems.push(`${kind} ${entry.uscc ?? entry.legacyId ?? entry.voucherNo}: ${what}`);
    };
    const nationalKeys = async (e: CaseEntry): Promise<string[]> =>
      (
        await q<{ djxh: string }>('national-tax', `SELECT djxh FROM dj_nsrxx WHERE ${NATIONAL_MATCH}`, [e.uscc ?? null, e.legacyId ?? null])
      ).map((r) => r.djxh);
    const localKeys = async (e: CaseEntry): Promise<string[]> =>
      (await q<{ jsjdm: string }>('local-tax', `SELECT jsjdm FROM swdj WHERE ${LOCAL_MATCH}`, [e.uscc ?? null, e.legacyId ?? null])).map(
        (r) => r.jsjdm,
      );
    const registry = async (e: CaseEntry) =>
      q<{ pripid: string; regstate: string }>(
        'business-registry',
        'SELECT pripid, regstate FROM e_baseinfo WHERE uniscid = $1 OR TRIM(regno) = $2',
        [e.uscc ?? null, e.legacyId ?? null],
      );
    const asOf = manifest.asOf;
    const threeMonthsBefore = addMonths(asOf, -3);

    for (const e of manifest.cases.UNREGISTERED_BUSINESS) {
      const reg = await registry(e);
      check('UNREGISTERED_BUSINESS', e, reg.length === 1 && reg[0].regstate === '1', 'registry record in business');
      check('UNREGISTERED_BUSINESS', e, (await nationalKeys(e)).length === 0 && (await localKeys(e)).length === 0, 'no tax record');
    }
    for (const e of manifest.cases.CANCELLED_BUT_ACTIVE) {
      const reg = await registry(e);
      check('CANCELLED_BUT_ACTIVE', e, reg.length === 1 && reg[0].regstate === '4', 'cancelled in the registry');
      const n = await q('national-tax', `SELECT 1 FROM dj_nsrxx WHERE (${NATIONAL_MATCH}) AND nsrzt_dm = '03'`, [e.uscc ?? null, null]);
      check('CANCELLED_BUT_ACTIVE', e, n.length > 0, 'normal in national tax');
    }
    for (const kind of ['ABNORMAL', 'ABNORMAL_OVERDUE'] as const) {
      for (const e of manifest.cases[kind]) {
        const tinOnly = { ...e, uscc: e.uscc, legacyId: e.legacyId };
        if (e.source === 'national-tax') {
          const rows = await q<{ rdrq: string }>(
            'national-tax',
            `SELECT to_char(f.rdrq, 'YYYY-MM-DD') AS rdrq FROM dj_nsrxx n JOIN dj_fzchrdxx f ON f.djxh = n.djxh WHERE (${NATIONAL_MATCH.replace(/\b(shxydm|nsrsbh|djxh)\b/g, 'n.$1')}) AND n.nsrzt_dm = '05'`,
            [tinOnly.uscc ?? null, tinOnly.legacyId ?? null],
          );
          check(kind, e, rows.length === 1 && (kind === 'ABNORMAL' || rows[0].rdrq < threeMonthsBefore), 'abnormal in national tax');
        } else {
          const rows = await q<{ ztrq: string }>('local-tax', `SELECT ztrq FROM swdj WHERE (${LOCAL_MATCH}) AND zt = '30'`, [
            e.uscc ?? null,
            e.legacyId ?? null,
          ]);
          check(
            kind,
            e,
            rows.length === 1 && (kind === 'ABNORMAL' || rows[0].ztrq < threeMonthsBefore.replace(/-/g, '')),
            'abnormal in local tax',
          );
        }
      }
    }
    for (const e of manifest.cases.CREDIT_RATING_DISAGREEMENT) {
      const n = await q<{ g: string }>(
        'national-tax',
        `SELECT xydj_dm AS g FROM xy_nsrxypj x JOIN dj_nsrxx n USING (djxh) WHERE (${NATIONAL_MATCH.replace(/\b(shxydm|nsrsbh|djxh)\b/g, 'n.$1')}) AND pjnd = $3`,
        [e.uscc, null, e.year],
      );
      const l = await q<{ g: string }>(
        'local-tax',
        `SELECT x.dj AS g FROM xypj x JOIN swdj s USING (jsjdm) WHERE (${LOCAL_MATCH.replace(/\b(tyxydm|swdjzh|jsjdm)\b/g, 's.$1')}) AND x.nd = $3`,
        [e.uscc, null, String(e.year)],
      );
      check(
        'CREDIT_RATING_DISAGREEMENT',
        e,
        n[0]?.g === e.detail?.nationalTax && l[0]?.g === e.detail?.localTax && n[0].g !== l[0].g,
        'grades as planted',
      );
    }
    for (const e of manifest.cases.QUOTA_MISMATCH) {
      const n = await q<{ v: string }>(
        'national-tax',
        `SELECT d.ydxse::text AS v FROM hd_dexx d JOIN dj_nsrxx n USING (djxh) WHERE (${NATIONAL_MATCH.replace(/\b(shxydm|nsrsbh|djxh)\b/g, 'n.$1')})`,
        [e.uscc ?? null, e.legacyId ?? null],
      );
      const l = await q<{ v: string }>(
        'local-tax',
        `SELECT g.yyye::text AS v FROM gtde g JOIN swdj s USING (jsjdm) WHERE (${LOCAL_MATCH.replace(/\b(tyxydm|swdjzh|jsjdm)\b/g, 's.$1')})`,
        [e.uscc ?? null, e.legacyId ?? null],
      );
      check('QUOTA_MISMATCH', e, n.length === 1 && l.length === 1 && yuanToFen(n[0].v) !== BigInt(l[0].v), 'quotas differ');
    }
    for (const e of manifest.cases.UCT_BASE_MISMATCH) {
      const [from, to] = (e.period ?? '/').split('/');
      const paid = await q<{ v: string }>(
        'national-tax',
        // Every levy record of the span (monthly VAT, back-tax, deferred tax paid), not only the one starting it.
        `SELECT COALESCE(sum(y.sjje + y.mdse), 0)::text AS v FROM zs_yjsf y JOIN dj_nsrxx n USING (djxh)
          WHERE (${NATIONAL_MATCH.replace(/\b(shxydm|nsrsbh|djxh)\b/g, 'n.$1')}) AND n.djxh::text LIKE '1%' AND y.skssqq >= $3::date
            AND y.skssqz <= $4::date AND y.zsxm_dm IN ('10101', '10102')`,
        [e.uscc ?? null, e.legacyId ?? null, from, to],
      );
      const local = await q<{ biz: string; uct: string }>(
        'local-tax',
        `SELECT COALESCE(sum(COALESCE(m.sjse, m.ynse)) FILTER (WHERE m.szdm = '03'), 0)::text AS biz,
                COALESCE(sum(m.jsyj) FILTER (WHERE m.szdm = '10'), 0)::text AS uct
           FROM sb_mx m JOIN swdj s USING (jsjdm) WHERE (${LOCAL_MATCH.replace(/\b(tyxydm|swdjzh|jsjdm)\b/g, 's.$1')}) AND m.ssqq >= $3 AND m.ssqz <= $4`,
        [e.uscc ?? null, e.legacyId ?? null, from.replace(/-/g, ''), (to ?? '').replace(/-/g, '')],
      );
      check(
        'UCT_BASE_MISMATCH',
        e,
        Boolean(to) && yuanToFen(paid[0].v) + BigInt(local[0].biz) !== BigInt(local[0].uct),
        'base differs from taxes paid',
      );
    }
    for (const e of manifest.cases.KEY_TAX_SOURCE) {
      const l = await q<{ s: string }>(
        'local-tax',
        `SELECT sum(m.ynse)::text AS s FROM sb_mx m JOIN swdj s USING (jsjdm) WHERE (${LOCAL_MATCH.replace(/\b(tyxydm|swdjzh|jsjdm)\b/g, 's.$1')}) AND m.szdm = '03' AND m.ssqq LIKE '2015%'`,
        [e.uscc ?? null, e.legacyId ?? null],
      );
      check('KEY_TAX_SOURCE', e, Number(l[0]?.s ?? 0) >= 100_000_000, 'business tax >= 1,000,000 yuan');
    }
    for (const e of manifest.cases.NO_ADMINISTRATOR) {
      const rows =
        e.source === 'national-tax'
          ? await q('national-tax', `SELECT 1 FROM dj_nsrxx WHERE (${NATIONAL_MATCH}) AND ssgly_dm IS NULL AND djxh::text LIKE '1%'`, [
              e.uscc ?? null,
              e.legacyId ?? null,
            ])
          : await q('local-tax', `SELECT 1 FROM swdj WHERE (${LOCAL_MATCH}) AND COALESCE(TRIM(zgydm), '') = ''`, [
              e.uscc ?? null,
              e.legacyId ?? null,
            ]);
      check('NO_ADMINISTRATOR', e, rows.length === 1, `no administrator in ${e.source}`);
    }
    for (const e of manifest.cases.DUPLICATE_RECORD) {
      // Twice under one organization code: the same old TIN, or an old TIN and its USCC re-registration.
      const rows = await q(
        'national-tax',
        `SELECT 1 FROM dj_nsrxx WHERE ${NATIONAL_ORG_OR_TIN} = (SELECT ${NATIONAL_ORG_OR_TIN} FROM dj_nsrxx WHERE djxh = $1::numeric)`,
        [e.legacyId],
      );
      check('DUPLICATE_RECORD', e, rows.length === 2, 'registered twice');
    }
    for (const e of manifest.cases.GARBAGE_RECORD) {
      const rows =
        e.source === 'national-tax'
          ? await q('national-tax', 'SELECT 1 FROM dj_nsrxx WHERE djxh = $1::numeric', [e.legacyId])
          : await q('local-tax', 'SELECT 1 FROM swdj WHERE jsjdm = $1', [e.legacyId]);
      check('GARBAGE_RECORD', e, rows.length === 1, 'record present');
    }
    for (const e of [...manifest.cases.DEDUCTED_NOT_IN_TREASURY, ...manifest.cases.ORPHAN_PAYMENT]) {
      const rows = await q<{ result: string; intreasury: boolean; payer: string }>(
        'treasury-bank',
        `SELECT p."Result" AS result, p."TaxPayCode" AS payer, EXISTS (${IN_TREASURY}) AS intreasury
           FROM "TaxPayment" p WHERE p."TaxOrgCode" = $1 AND p."TaxVouNo" = $2`,
        [e.taxOfficeCode, e.voucherNo],
      );
      check(
        e.legacyId && manifest.cases.ORPHAN_PAYMENT.includes(e) ? 'ORPHAN_PAYMENT' : 'DEDUCTED_NOT_IN_TREASURY',
        e,
        rows.length === 1 && rows[0].result === '90000',
        'payment deducted',
      );
    }

    // Completeness for rules one database judges alone: the manifest must list every hit.
    const count = async (source: LegacySource, sql: string, params: unknown[] = []) =>
      Number((await q<{ n: string }>(source, sql, params))[0].n);
    const expectCount = (what: string, actual: number, listed: number) => {
      if (actual !== listed) problems.push(`${what}: the database has ${actual}, the manifest lists ${listed}`);
    };
    const bySource = (kind: CaseKind, source: LegacySource) => manifest.cases[kind].filter((e) => e.source === source).length;
    expectCount(
      'national abnormal',
      await count('national-tax', "SELECT count(*) AS n FROM dj_nsrxx WHERE nsrzt_dm = '05'"),
      bySource('ABNORMAL', 'national-tax'),
    );
    expectCount(
      'local abnormal',
      await count('local-tax', "SELECT count(*) AS n FROM swdj WHERE zt = '30'"),
      bySource('ABNORMAL', 'local-tax'),
    );
    expectCount(
      'national without administrator',
      await count(
        'national-tax',
        "SELECT count(*) AS n FROM dj_nsrxx WHERE ssgly_dm IS NULL AND nsrzt_dm NOT IN ('07', '08') AND djxh::text LIKE '1%'",
      ),
      bySource('NO_ADMINISTRATOR', 'national-tax'),
    );
    expectCount(
      'local without administrator',
      await count(
        'local-tax',
        "SELECT count(*) AS n FROM swdj WHERE COALESCE(TRIM(zgydm), '') = '' AND zt NOT IN ('60', '61') AND jsjdm LIKE 'A%'",
      ),
      bySource('NO_ADMINISTRATOR', 'local-tax'),
    );
    expectCount(
      'key tax sources',
      await count(
        'local-tax',
        "SELECT count(*) AS n FROM (SELECT jsjdm FROM sb_mx WHERE szdm = '03' AND ssqq LIKE '2015%' GROUP BY jsjdm HAVING sum(ynse) >= 100000000) k",
      ),
      manifest.cases.KEY_TAX_SOURCE.length,
    );
    expectCount(
      'deducted, not in treasury',
      await count(
        'treasury-bank',
        // More than TREASURY_GRACE_DAYS days: deducted before (as-of - grace); exactly grace days ago is not late.
        `SELECT count(*) AS n FROM "TaxPayment" p WHERE p."Result" = '90000' AND p."DeductDate" < $1
         AND NOT EXISTS (${IN_TREASURY})`,
        [addDays(asOf, -TREASURY_GRACE_DAYS).replace(/-/g, '')],
      ),
      manifest.cases.DEDUCTED_NOT_IN_TREASURY.length,
    );
    expectCount(
      'below threshold',
      await count('national-tax', 'SELECT count(*) AS n FROM hd_dexx WHERE nd = 2015 AND ydxse < 20000'),
      manifest.cases.BELOW_THRESHOLD.filter((e) => e.year === 2015).length,
    );
    expectCount(
      'carriers with freight invoices issued while abnormal or after deregistration',
      await count(
        'national-tax',
        `SELECT count(DISTINCT n.djxh) AS n FROM dj_nsrxx n JOIN fp_hyfp f ON TRIM(f.cyrnsrsbh) = TRIM(n.nsrsbh)
          WHERE (n.nsrzt_dm = '05' AND f.kprq >= (SELECT MAX(a.rdrq) FROM dj_fzchrdxx a WHERE a.djxh = n.djxh AND a.jcrq IS NULL))
             OR (n.nsrzt_dm IN ('07', '08') AND f.kprq > n.zxrq)`,
      ),
      manifest.cases.INVOICE_NOT_NORMAL.length,
    );
    expectCount(
      'credit disagreements are all planted',
      manifest.cases.CREDIT_RATING_DISAGREEMENT.filter((e) => e.detail?.nationalTax === e.detail?.localTax).length,
      0,
    );
  } finally {
    await Promise.all(Object.values(pools).map((p) => p.end()));
  }
  return problems;
}

/** A national record's organization code (in an old TIN or a USCC), else its whole TIN. */
const NATIONAL_ORG_OR_TIN = `(CASE WHEN LENGTH(TRIM(nsrsbh)) = 18 THEN SUBSTR(TRIM(nsrsbh), 9, 9)
  WHEN LENGTH(TRIM(nsrsbh)) = 15 THEN SUBSTR(TRIM(nsrsbh), 7, 9) ELSE TRIM(nsrsbh) END)`;
/** A national record by USCC ($1: SHXYDM, or the organization code inside the TIN) or legacy id ($2: TIN or DJXH). */
const NATIONAL_MATCH = `(shxydm = $1 OR (CASE WHEN LENGTH(TRIM(nsrsbh)) = 18 THEN SUBSTR(TRIM(nsrsbh), 9, 9)
  WHEN LENGTH(TRIM(nsrsbh)) = 15 THEN SUBSTR(TRIM(nsrsbh), 7, 9) END) = SUBSTR($1, 9, 9) OR TRIM(nsrsbh) = $2 OR djxh::text = $2)`;
/** A local record by USCC ($1: TYXYDM, or the organization code inside the TIN) or legacy id ($2: TIN or JSJDM). */
const LOCAL_MATCH = `(tyxydm = $1 OR (CASE WHEN LENGTH(RTRIM(swdjzh)) = 18 THEN SUBSTR(swdjzh, 9, 9)
  WHEN LENGTH(RTRIM(swdjzh)) = 15 THEN SUBSTR(swdjzh, 7, 9) END) = SUBSTR($1, 9, 9) OR RTRIM(swdjzh) = $2 OR jsjdm = $2)`;
/** A payment's entry in the treasury (correlated with the payment as p). */
const IN_TREASURY =
  'SELECT 1 FROM "TreasuryEntry" t WHERE t."TaxOrgCode" = p."TaxOrgCode" AND t."EntrustDate" = p."EntrustDate" AND t."TraNo" = p."TraNo"';
