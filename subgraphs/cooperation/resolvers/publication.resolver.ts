import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { decodeCursor, pageSize, toConnection } from '../../kit/connection';
import { DateScalar } from '../../kit/scalars';
import { badUserInput } from '../../../shared/errors';
import type { CooperationContext } from '../context';
import { asOfArgument, defaultAsOf } from '../facts/as-of';
import { abnormalRegistrations, noticeFinding } from '../publication/abnormal-notice';
import { areaPrefix } from '../publication/area';
import { jointRatingsOf, RatingListCache } from '../publication/credit-rating-list';
import { activePractice } from '../rules/practice';
import { GRADE_ORDER } from '../rules/reference';
import type { JointRating } from '../rules/tasks/task-03-credit-rating';
import { Finding } from '../types/finding';
import { findingOf } from '../types/finding.mapper';
import { JointCreditRating } from '../types/joint-credit-rating';
import { JointCreditRatingConnection } from '../types/joint-credit-rating-connection';
import { Taxpayer } from '../types/taxpayer';

/** One cache per process: a client paging through a list of a year and area reads the sources once a minute at most. */
const ratingLists = new RatingListCache();

const SUBJECT_KEY = /^(uscc|national-tax|local-tax):\S+$/;

/** The publication lists the notices name: the abnormal-taxpayer notice and the joint credit rating list. */
@Resolver()
export class PublicationResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => [Finding], {
    description:
      '非正常户公告: the abnormal taxpayers of an area as of a day, from both bureaus, one entry per registration (a taxpayer abnormal in both ' +
      'is listed twice), ordered by division, day declared, bureau and key; each a finding of kind ABNORMAL with the id the task-10 check gives ' +
      "it. Its values carry the notice's columns: name, tin, uscc, legalRepresentative and legalRepresentativeIdNumber (masked without pii:read, " +
      'like a citizen-ID TIN), abnormalSince (national tax: DJ_FZCHRDXX.RDRQ not lifted; local tax: the status change day SWDJ.ZTRQ), taxOfficeCode, ' +
      'taxOfficeName, division. Read live from both bureaus, not from the latest run: a notice is published as of a day, and a run may be weeks ' +
      'old; asOf is honoured against the day each registration was declared abnormal (registrations abnormal now, declared on or before asOf; one ' +
      'whose day the bureau did not record is listed). A registration abnormal on asOf but since restored or voided is not listed: the bureaus keep ' +
      "no history the graph reads. BAD_USER_INPUT for a bad division or an asOf after the data's as-of day; SOURCE_UNAVAILABLE when a bureau " +
      'cannot be asked (a notice is never partial).',
  })
  async abnormalTaxpayerNotice(
    @Ctx() ctx: CooperationContext,
    @Arg('division', () => String, {
      nullable: true,
      description:
        'The area: a province (51), a city (5101) or a district (510104); 510000 and 510100 stand for the province and the city. Omitted: everywhere.',
    })
    division?: string | null,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: "The day of the notice (default: the data's as-of day, TAXGRAPH_AS_OF, else today in China); not after it.",
    })
    asOf?: string | null,
  ): Promise<Finding[]> {
    const prefix = areaPrefix(division);
    const day = asOfArgument(asOf);
    const latest = defaultAsOf();
    if (day > latest) throw badUserInput(`asOf ${day} is after the data's as-of day ${latest}`, { argument: 'asOf' });
    const entries = await abnormalRegistrations(ctx.endpoints, ctx.requestId, prefix, day);
    const now = new Date().toISOString();
    return entries.map((e) => findingOf(noticeFinding(e, ctx.principal), now));
  }

  @Directive(TAXPAYER_READ)
  @Query(() => JointCreditRatingConnection, {
    description:
      "Task 3's joint credit rating list of a year: one entry per taxpayer rated by either bureau, with both bureaus' grades and the joint one " +
      "(the province's rule of practice, as Taxpayer.jointCreditRating gives it), in subject order, filterable by area and joint grade; totalCount " +
      "counts the filtered list. Read live from both bureaus (their registers paged once, the rated taxpayers' facts fetched 500 at a time), and " +
      'served from memory for a minute so that paging through one list reads the sources once. SOURCE_UNAVAILABLE when a bureau cannot be asked.',
  })
  async jointCreditRatingList(
    @Ctx() ctx: CooperationContext,
    @Arg('year', () => Int, { description: 'The rating year (2014 onwards: the 2014 rating scheme).' }) year: number,
    @Arg('division', () => String, {
      nullable: true,
      description: 'The area the taxpayer is filed under: a province (51), a city (5101) or a district (510104). Omitted: everywhere.',
    })
    division?: string | null,
    @Arg('grade', () => String, { nullable: true, description: 'Only this joint grade: A, B, M, C or D.' }) grade?: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, default 50, at most 500.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
  ) {
    const limit = pageSize(first);
    if (!Number.isInteger(year) || year < 2014 || year > 2100)
      throw badUserInput(`year must be 2014 or later (the 2014 rating scheme), got ${year}`, { argument: 'year' });
    if (grade != null && !(GRADE_ORDER as readonly string[]).includes(grade))
      throw badUserInput(`grade must be one of ${GRADE_ORDER.join(', ')}, got '${grade}'`, { argument: 'grade' });
    const prefix = areaPrefix(division);
    const from = decodeCursor(after, 1, ([k]) => SUBJECT_KEY.test(k))?.[0] ?? null;
    const practice = activePractice();
    const list = await ratingLists.get(`${year}|${prefix ?? ''}`, () =>
      jointRatingsOf(ctx.endpoints, ctx.requestId, year, prefix, practice),
    );
    const matching = grade ? list.filter((r) => r.joint === grade) : list;
    const start = from === null ? 0 : matching.findIndex((r) => r.subject > from);
    const rows = start < 0 ? [] : matching.slice(start, start + limit + 1);
    return toConnection<JointRating, JointRating>(
      rows,
      limit,
      (r) => [r.subject],
      (r) => r,
      matching.length,
    );
  }
}

@Resolver(() => JointCreditRating)
export class JointCreditRatingResolver {
  @FieldResolver(() => Taxpayer, { nullable: true, description: 'The taxpayer rated, when it has a USCC.' })
  taxpayer(@Root() rating: JointCreditRating): Taxpayer | null {
    return rating.uscc ? { uscc: rating.uscc } : null;
  }
}
