import { LEVY_ITEM_NAMES } from '../../../shared/levy-items';
import type { LegacySource } from '../../../shared/sources';
import { fen, yuanText } from '../rules/amounts';
import type { Call } from '../facts/source-calls';
import { fieldOf } from '../facts/source-calls';
import type { RevenueFigure } from '../types/revenue-figure';

/**
 * The exchange of revenue figures: each source sums in SQL (nationalTaxRevenue, localTaxRevenue,
 * treasuryRevenue, one grouped statement each); here the three answers are only laid side by side by
 * tax, area, month and budget subject. Each key comes at most once from each source.
 */

interface SourceFigure {
  levyItemCode: string;
  division: string;
  month: string;
  budgetSubjectCode: string;
  amount: string;
  throughTips?: string;
}

const FIELDS = 'levyItemCode division month budgetSubjectCode amount';
const QUERIES: Record<'national-tax' | 'local-tax' | 'treasury-bank', string> = {
  'national-tax': `nationalTaxRevenue(year: $year, month: $month, division: $division) { ${FIELDS} throughTips }`,
  'local-tax': `localTaxRevenue(year: $year, month: $month, division: $division) { ${FIELDS} throughTips }`,
  'treasury-bank': `treasuryRevenue(year: $year, month: $month, division: $division) { ${FIELDS} }`,
};

export interface RevenueQuery {
  year: number;
  month: number | null;
  division: string | null;
}

/** Each source's figures, or null when it could not be asked. */
async function ask(call: Call, source: keyof typeof QUERIES, q: RevenueQuery): Promise<SourceFigure[] | null> {
  const answer = await call(source as LegacySource, {
    query: `query RevenueExchange($year: Int!, $month: Int, $division: String) { r: ${QUERIES[source]} }`,
    variables: { year: q.year, month: q.month, division: q.division },
  });
  if (!answer.ok && !answer.timedOut && /BAD_USER_INPUT/.test(answer.reason)) return [];
  const rows = fieldOf(answer, 'r');
  return rows === undefined ? null : (rows as SourceFigure[]);
}

const keyOf = (f: SourceFigure) => `${f.levyItemCode}|${f.division}|${f.month}|${f.budgetSubjectCode}`;

/** The three sources side by side, ordered by tax, area, month and budget subject. */
export function sideBySide(
  national: SourceFigure[] | null,
  local: SourceFigure[] | null,
  treasury: SourceFigure[] | null,
): RevenueFigure[] {
  const lines = new Map<string, { head: SourceFigure; n?: SourceFigure; l?: SourceFigure; t?: SourceFigure }>();
  const put = (rows: SourceFigure[] | null, slot: 'n' | 'l' | 't') => {
    for (const f of rows ?? []) {
      const key = keyOf(f);
      const line = lines.get(key) ?? { head: f };
      line[slot] = f;
      lines.set(key, line);
    }
  };
  put(national, 'n');
  put(local, 'l');
  put(treasury, 't');
  const zero = (rows: SourceFigure[] | null, f: SourceFigure | undefined, value: (f: SourceFigure) => string | undefined) =>
    rows === null ? null : f ? (value(f) ?? '0.00') : '0.00';
  return [...lines.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { head, n, l, t }]) => {
      const nationalTips = zero(national, n, (f) => f.throughTips);
      const localTips = zero(local, l, (f) => f.throughTips);
      const inTreasury = zero(treasury, t, (f) => f.amount);
      return {
        levyItemCode: head.levyItemCode,
        levyItem: LEVY_ITEM_NAMES[head.levyItemCode] ?? null,
        division: head.division,
        month: head.month,
        budgetSubjectCode: head.budgetSubjectCode,
        nationalTax: zero(national, n, (f) => f.amount),
        nationalTaxThroughTips: nationalTips,
        localTax: zero(local, l, (f) => f.amount),
        localTaxThroughTips: localTips,
        treasury: inTreasury,
        difference:
          nationalTips === null || localTips === null || inTreasury === null
            ? null
            : yuanText(fen(nationalTips) + fen(localTips) - fen(inTreasury)),
      };
    });
}

/** Asks the three sources at once and lays their figures side by side. */
export async function revenueExchange(call: Call, q: RevenueQuery): Promise<RevenueFigure[]> {
  const [national, local, treasury] = await Promise.all([
    ask(call, 'national-tax', q),
    ask(call, 'local-tax', q),
    ask(call, 'treasury-bank', q),
  ]);
  return sideBySide(national, local, treasury);
}
