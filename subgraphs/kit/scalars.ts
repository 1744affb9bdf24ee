import { GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { badUserInput } from '../../shared/errors';
import { validateUscc } from '../../shared/identifiers';

/** A scalar over strings whose input is checked by `check`, which returns a reason when it fails. */
function stringScalar(name: string, description: string, check: (value: string) => string | undefined): GraphQLScalarType<string, string> {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string') throw badUserInput(`${name} must be a string, got ${typeof value}`, { scalar: name });
    const reason = check(value);
    if (reason) throw badUserInput(`Invalid ${name} '${value.slice(0, 40)}': ${reason}`, { scalar: name });
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => String(value),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw badUserInput(`${name} must be a string literal`, { scalar: name });
      return parse(ast.value);
    },
  });
}

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const UsccScalar = stringScalar(
  'USCC',
  'Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, check character verified. One exception: an early Fujian ' +
    'pilot code (2014-15: authority 9, entity type 1-3, a Fujian division 35xxxx, a subject code beginning with M) that fails only the ' +
    'check character is legal and accepted; records carrying one show a PILOT_CODE warning in dataIssues.',
  (v) => {
    const r = validateUscc(v);
    return r.valid || r.pilot ? undefined : r.reason;
  },
);

export const DateScalar = stringScalar('Date', 'A calendar date, YYYY-MM-DD.', (v) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return 'expected YYYY-MM-DD';
  return realDate(+m[1], +m[2], +m[3]) ? undefined : 'no such day';
});

export const DateTimeScalar = stringScalar('DateTime', 'A point in time, ISO 8601 with offset (e.g. 2016-01-15T10:30:00+08:00).', (v) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(v);
  if (!m || Number.isNaN(Date.parse(v))) return 'expected ISO 8601 with an offset';
  // Date.parse takes 2016-02-30 for March 1st, and PostgreSQL refuses it (an uncoded fault): check each field; real offsets stop at ±14:00.
  const [, y, mo, d, h, mi, s = '0', oh = '0', om = '0'] = m;
  return realDate(+y, +mo, +d) && +h <= 23 && +mi <= 59 && +s <= 59 && +oh <= 14 && +om <= 59 ? undefined : 'no such time';
});

export const MoneyScalar = stringScalar(
  'Money',
  'An amount in yuan as a decimal string with two places (e.g. "1234.50"); never a float.',
  (v) => (/^-?\d{1,16}\.\d{2}$/.test(v) ? undefined : 'expected a decimal string with two places, e.g. "1234.50"'),
);

export const YearMonthScalar = stringScalar('YearMonth', 'A month, YYYY-MM (a tax period).', (v) => {
  const m = /^(\d{4})-(\d{2})$/.exec(v);
  return m && +m[2] >= 1 && +m[2] <= 12 ? undefined : 'expected YYYY-MM';
});
