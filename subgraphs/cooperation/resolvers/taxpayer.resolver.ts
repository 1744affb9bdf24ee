import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { badUserInput, sourceUnavailable } from '../../../shared/errors';
import { DateScalar } from '../../kit/scalars';
import type { CooperationContext } from '../context';
import { asOfArgument } from '../facts/as-of';
import { Finding } from '../types/finding';
import { findingOf } from '../types/finding.mapper';
import { JointCreditRating } from '../types/joint-credit-rating';
import { Taxpayer } from '../types/taxpayer';

/** A source that could not be asked leaves its rules unjudged: say so rather than answer with less. */
function unavailable(sources: readonly string[]): Error {
  const error = sourceUnavailable(sources[0]);
  error.extensions.sources = [...sources];
  return error;
}

@Resolver(() => Taxpayer)
export class TaxpayerResolver {
  @Directive(TAXPAYER_READ)
  @FieldResolver(() => [Finding], {
    nullable: true,
    description:
      "Every cross-agency check that fires for this taxpayer, computed live from the sources' records (the seed's joint tasks; each finding names its " +
      "kind, the sources and values that disagree, and the rule's legal basis). Null with SOURCE_UNAVAILABLE (extensions.sources) when a source cannot " +
      'be asked: a check is never judged on missing data.',
  })
  async findings(
    @Root() taxpayer: Taxpayer,
    @Ctx() ctx: CooperationContext,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: "The day to judge at (default: the data's as-of day, TAXGRAPH_AS_OF, else today).",
    })
    asOf?: string | null,
  ): Promise<Finding[]> {
    const day = asOfArgument(asOf);
    const { facts, findings } = await ctx.loaders.findings.findings(taxpayer.uscc, day);
    if (facts.unavailable.length) throw unavailable(facts.unavailable);
    const now = new Date().toISOString();
    return findings.map((f) => findingOf(f, now));
  }

  @Directive(TAXPAYER_READ)
  @FieldResolver(() => JointCreditRating, {
    nullable: true,
    description:
      "The joint credit rating of a year (task 3): national and local tax's grades and the joint grade under the province's rule of practice (by " +
      'default the lower of the two, A > B > M > C > D), with the rule and the reason. Null when neither bureau rated the taxpayer that year.',
  })
  async jointCreditRating(
    @Root() taxpayer: Taxpayer,
    @Ctx() ctx: CooperationContext,
    @Arg('year', () => Int, { description: 'The rating year (2014 onwards).' }) year: number,
  ): Promise<JointCreditRating | null> {
    if (!Number.isInteger(year) || year < 2014 || year > 2100)
      throw badUserInput(`year must be 2014 or later (the 2014 rating scheme), got ${year}`, { argument: 'year' });
    const { facts, rating } = await ctx.loaders.findings.rating(taxpayer.uscc, year);
    const missing = facts.unavailable.filter((s) => s === 'national-tax' || s === 'local-tax');
    if (missing.length) throw unavailable(missing);
    return rating;
  }
}
