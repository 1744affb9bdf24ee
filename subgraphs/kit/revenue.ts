import { ArgsType, Field, Int } from 'type-graphql';
import { badUserInput } from '../../shared/errors';
import { yearArgument } from './arguments';

/**
 * The exchange of revenue figures (税收会计、统计及计划报表数据, the seed notice's 信息交换协作): each
 * source sums what it holds as collected, grouped by tax, area, month and budget subject, in SQL;
 * the cooperation subgraph lays the sources side by side. These are the arguments all of them take.
 */
export interface RevenueWindow {
  /** First and last day of the span, ISO (a year, or one month of it). */
  from: string;
  to: string;
  /** A division or its prefix: a province (2 digits), a city (4) or a district or county (6); null for all. */
  division: string | null;
}

/** The arguments every revenue query takes (each source's and cooperation's revenueExchange). */
@ArgsType()
export class RevenueArgs {
  @Field(() => Int, { description: 'The year: paid, for a bureau; entered the treasury, for TIPS.' })
  year!: number;

  @Field(() => Int, { nullable: true, description: 'One month of it (1-12); omitted, the whole year.' })
  month?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'A province (2 digits), a city (4) or a district or county (6): the areas whose division starts with it; omitted, all.',
  })
  division?: string | null;
}

/** The span and area of a revenue query; BAD_USER_INPUT for a year, month or division that cannot be one. */
export function revenueWindow(year: number, month: number | null | undefined, division: string | null | undefined): RevenueWindow {
  const y = yearArgument(year) as number;
  if (month != null && (!Number.isInteger(month) || month < 1 || month > 12)) {
    throw badUserInput(`month must be between 1 and 12, got ${month}`, { argument: 'month' });
  }
  const d = division?.trim() || null;
  if (d !== null && !/^\d{2}(\d{2}(\d{2})?)?$/.test(d)) {
    throw badUserInput(`division must be a province (2 digits), a city (4) or a district (6), got '${division}'`, { argument: 'division' });
  }
  const yyyy = String(y).padStart(4, '0');
  if (month == null) return { from: `${yyyy}-01-01`, to: `${yyyy}-12-31`, division: d };
  const mm = String(month).padStart(2, '0');
  const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
  return { from: `${yyyy}-${mm}-01`, to: `${yyyy}-${mm}-${String(last).padStart(2, '0')}`, division: d };
}

/** The CHAR(8) form of a window's days, for sources that keep dates as 'YYYYMMDD'. */
export const compactDay = (iso: string) => iso.replace(/-/g, '');
