import type { NoticeRow, PublicationData, RatingRow } from './publication';

/** A GraphQL call through the gateway, as the reconciliation makes them (gateway-client.ts): data or an error. */
export type Gql = <T>(name: string, query: string, variables: Record<string, unknown>) => Promise<T>;

const NOTICE = `query PublicationAbnormalTaxpayers($asOf: Date) { abnormalTaxpayerNotice(asOf: $asOf) {
  id record { source } division values { field value } } }`;

const RATINGS = `query PublicationCreditRatings($year: Int!, $after: String) {
  jointCreditRatingList(year: $year, first: 500, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { year subject uscc division nationalTax localTax joint rule taxpayer { name } } } } }`;

interface NoticeFinding {
  id: string;
  record: { source: string };
  division: string | null;
  values: { field: string; value: string | null }[];
}

interface RatingNode extends Omit<RatingRow, 'name'> {
  taxpayer: { name: string | null } | null;
}

/**
 * The rating years a report lists by default: the two before the as-of day's year (a year's grades
 * are settled in the spring after it).
 */
export const defaultRatingYears = (asOf: string): number[] => [Number(asOf.slice(0, 4)) - 2, Number(asOf.slice(0, 4)) - 1];

/** The publication lists through the gateway: the notice as of the run's day, each year's rating list page by page. */
export async function loadPublication(gql: Gql, asOf: string, years: readonly number[]): Promise<PublicationData> {
  const { abnormalTaxpayerNotice } = await gql<{ abnormalTaxpayerNotice: NoticeFinding[] }>('PublicationAbnormalTaxpayers', NOTICE, {
    asOf,
  });
  const notice: NoticeRow[] = abnormalTaxpayerNotice.map((f) => {
    const v = (field: string) => f.values.find((x) => x.field === field)?.value ?? null;
    return {
      id: f.id,
      source: f.record.source,
      division: f.division ?? v('division') ?? '',
      name: v('name'),
      tin: v('tin'),
      uscc: v('uscc'),
      legalRepresentative: v('legalRepresentative'),
      legalRepresentativeIdNumber: v('legalRepresentativeIdNumber'),
      abnormalSince: v('abnormalSince'),
      taxOfficeCode: v('taxOfficeCode'),
      taxOfficeName: v('taxOfficeName'),
    };
  });
  const ratings: PublicationData['ratings'] = [];
  for (const year of years) {
    const rows: RatingRow[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = {
        jointCreditRatingList: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: RatingNode }[] };
      };
      const data: Page = await gql<Page>('PublicationCreditRatings', RATINGS, { year, after });
      const list = data.jointCreditRatingList;
      for (const { node } of list.edges) {
        const { taxpayer, ...rest } = node;
        rows.push({ ...rest, name: taxpayer?.name ?? null });
      }
      if (!list.pageInfo.hasNextPage || !list.pageInfo.endCursor) break;
      after = list.pageInfo.endCursor;
    }
    ratings.push({ year, rows });
  }
  return { asOf, notice, ratings };
}
