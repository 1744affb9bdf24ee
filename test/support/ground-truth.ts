/**
 * Compares the graph's findings with the generator's manifest. Both sides are reduced to the same
 * comparison key per kind: who (the USCC, or for a taxpayer without one its TIN as the manifest
 * names it) and what the case is about (source, year, period, record).
 */
import type { CaseEntry, CaseKind, Manifest } from '../../seeds/manifest';
import { CASE_KINDS } from '../../seeds/manifest';

export interface GraphFinding {
  id: string;
  kind: string;
  uscc: string | null;
  legacyId: string | null;
  record: { source: string; id: string };
  periodFrom: string | null;
  periodTo: string | null;
  year: number | null;
}

/** A record's internal key -> the TIN the manifest names a taxpayer without a USCC by. */
export function tinsByKey(manifest: Manifest): Map<string, string> {
  const map = new Map<string, string>();
  for (const list of Object.values(manifest.identities)) {
    for (const e of list) {
      if (e.nationalKey && e.nationalTin) map.set(`national-tax:${e.nationalKey}`, e.nationalTin);
      if (e.localKey && e.localTin) map.set(`local-tax:${e.localKey}`, e.localTin);
    }
  }
  return map;
}

/** Task 15's per-voucher kinds: the record is `<source>:<tax office>/<voucher>`, the source the manifest entry names. */
const VOUCHER_KINDS = new Set<string>([
  'PAYMENT_DEDUCTION_FAILED',
  'PAYMENT_LONG_PENDING',
  'BOOKED_NOT_IN_TREASURY',
  'TREASURY_NOT_BOOKED',
  'BOOKED_AMOUNT_MISMATCH',
]);
const RECORD_KINDS = new Set<string>([
  'GARBAGE_RECORD',
  'DUPLICATE_RECORD',
  'DEDUCTED_NOT_IN_TREASURY',
  'ORPHAN_PAYMENT',
  ...VOUCHER_KINDS,
]);
/** Kinds with several findings per record, told apart by an aspect: the manifest's `aspect`, the finding id's last part. */
const ASPECT_KINDS = new Set<string>(['UNREGISTERED_WITH_BUREAU', 'REGISTRATION_MISMATCH']);
const aspectOf = (id: string): string => id.split('|').slice(3).join('|');

function qualifier(
  kind: string,
  q: { source?: string | null; year?: number | null; period?: string | null; record?: string | null; aspect?: string | null },
): string {
  if (ASPECT_KINDS.has(kind)) return String(q.aspect);
  switch (kind) {
    case 'ABNORMAL':
    case 'ABNORMAL_OVERDUE':
    case 'NO_ADMINISTRATOR':
      return String(q.source);
    case 'CREDIT_RATING_DISAGREEMENT':
    case 'QUOTA_MISMATCH':
    case 'FREIGHT_UNDERDECLARED':
    case 'FREIGHT_INPUT_EXCEEDS_OUTPUT':
    case 'BELOW_THRESHOLD':
    case 'KEY_TAX_SOURCE':
      return String(q.year);
    case 'DEEMED_RATE_IMBALANCE':
      return `${q.year}|${q.source}`;
    case 'UCT_BASE_MISMATCH':
      return String(q.period);
    case 'MISSING_RETURN':
      return `${q.source}|${q.period}`;
    case 'INVOICE_NOT_NORMAL':
      return String(q.source);
    default:
      return RECORD_KINDS.has(kind) ? String(q.record) : '';
  }
}

export function manifestKey(kind: CaseKind, e: CaseEntry): string {
  const record =
    kind === 'DEDUCTED_NOT_IN_TREASURY' || kind === 'ORPHAN_PAYMENT'
      ? `treasury-bank:${e.taxOfficeCode}/${e.voucherNo}`
      : VOUCHER_KINDS.has(kind)
        ? `${e.source}:${e.taxOfficeCode}/${e.voucherNo}`
        : kind === 'GARBAGE_RECORD' || kind === 'DUPLICATE_RECORD'
          ? `${e.source}:${e.legacyId}`
          : null;
  const who = RECORD_KINDS.has(kind) ? '' : e.uscc ? `uscc:${e.uscc}` : `tin:${e.legacyId}`;
  return `${kind}|${who}|${qualifier(kind, { source: e.source, year: e.year, period: e.period, record, aspect: e.aspect })}`;
}

export function graphKey(f: GraphFinding, tins: Map<string, string>): string {
  const record = `${f.record.source}:${f.record.id}`;
  let who = '';
  if (!RECORD_KINDS.has(f.kind)) who = f.uscc ? `uscc:${f.uscc}` : `tin:${tins.get(record) ?? record}`;
  const period = f.periodFrom ? `${f.periodFrom}/${f.periodTo}` : null;
  return `${f.kind}|${who}|${qualifier(f.kind, { source: f.record.source, year: f.year, period, record, aspect: aspectOf(f.id) })}`;
}

export interface Score {
  kind: string;
  expected: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
  missed: string[];
  extra: string[];
}

/** Precision and recall per kind of the graph's findings against the manifest. */
export function score(manifest: Manifest, findings: GraphFinding[]): Score[] {
  const tins = tinsByKey(manifest);
  return CASE_KINDS.map((kind) => {
    const expected = new Set(manifest.cases[kind].map((e) => manifestKey(kind, e)));
    const found = new Set(findings.filter((f) => f.kind === kind).map((f) => graphKey(f, tins)));
    const correct = [...found].filter((k) => expected.has(k)).length;
    return {
      kind,
      expected: expected.size,
      found: found.size,
      correct,
      precision: found.size ? correct / found.size : expected.size ? 0 : 1,
      recall: expected.size ? correct / expected.size : 1,
      missed: [...expected].filter((k) => !found.has(k)).slice(0, 5),
      extra: [...found].filter((k) => !expected.has(k)).slice(0, 5),
    };
  });
}

export function scoreTable(label: string, scores: Score[]): string {
  const rows = scores.map(
    (s) =>
      `${s.kind.padEnd(27)} ${String(s.expected).padStart(6)} ${String(s.found).padStart(6)} ${(s.precision * 100).toFixed(1).padStart(6)}% ${(s.recall * 100).toFixed(1).padStart(6)}%`,
  );
  return [
    `${label}`,
    `${'kind'.padEnd(27)} ${'truth'.padStart(6)} ${'found'.padStart(6)} ${'prec.'.padStart(7)} ${'recall'.padStart(7)}`,
    ...rows,
  ].join('\n');
}
