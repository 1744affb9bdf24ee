import { GraphQLError } from 'graphql';
import {
  areaYearArguments,
  BANK_CODE,
  checkArgument,
  exactlyOneOf,
  filterCodes,
  optionalArgument,
  TIN,
  VOUCHER_NO,
  yearArgument,
} from '../../subgraphs/kit/arguments';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../subgraphs/kit/connection';
import { manyByKey, oneByKey } from '../../subgraphs/kit/batch';
import { CodeTable } from '../../subgraphs/kit/code-table';
import { translateDbError } from '../../subgraphs/kit/db';
import { ERROR_CATALOGUE, taxgraphError } from '../../shared/errors';
import { charDate, chinaDateTime, code, text } from '../../subgraphs/kit/mapping';
import { fenToYuan, numericToYuan, yuanToFen } from '../../shared/money';
import { DateScalar, MoneyScalar, UsccScalar, YearMonthScalar } from '../../subgraphs/kit/scalars';
import { matchFor, usccFor } from '../../subgraphs/kit/taxpayer-key';
import { isValidUscc, usccCheckChar } from '../../shared/identifiers';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as GraphQLError).extensions?.code;
  }
  return undefined;
};

describe('mapping legacy values', () => {
  it('trims CHAR padding and the ideographic space, and makes identifiers half-width upper case', () => {
    expect(text('  锦江区  ')).toBe('锦江区');
    expect(text('        ')).toBeNull();
    expect(text('\u3000名称\u3000')).toBe('名称');
    expect(code(' ｄ２１４３５６９－Ｘ ')).toBe('D2143569-X');
  });

  it('reads CHAR(8) dates, refusing zeros, blanks and impossible days', () => {
    expect(charDate('20150101')).toBe('2015-01-01');
    expect(charDate('20160229')).toBe('2016-02-29');
    expect(charDate('20150229')).toBeNull();
    expect(charDate('20150230')).toBeNull();
    expect(charDate('00000000')).toBeNull();
    expect(charDate('        ')).toBeNull();
    expect(chinaDateTime('20160115', '093005')).toBe('2016-01-15T09:30:05+08:00');
  });

  it('turns fen and numerics into yuan strings exactly, beyond float precision', () => {
    expect(fenToYuan('123456789012345678')).toBe('1234567890123456.78');
    expect(fenToYuan(-5)).toBe('-0.05');
    expect(numericToYuan('12.5')).toBe('12.50');
    expect(numericToYuan('0012.3400')).toBe('12.34');
    expect(() => numericToYuan('1.234')).toThrow();
    expect(yuanToFen('9007199254740993.01')).toBe(900719925474099301n);
  });
});

describe('scalars', () => {
  it('checks USCC check characters and says what is wrong', () => {
    expect(UsccScalar.parseValue('91350100M000100Y43')).toBe('91350100M000100Y43');
    expect(codeOf(() => UsccScalar.parseValue('91110000600037341M'))).toBe('BAD_USER_INPUT');
    expect(() => UsccScalar.parseValue('9135')).toThrow(/18 characters/);
  });

  it('accepts only real dates, two-place money and real months', () => {
    expect(codeOf(() => DateScalar.parseValue('2015-02-29'))).toBe('BAD_USER_INPUT');
    expect(DateScalar.parseValue('2016-02-29')).toBe('2016-02-29');
    expect(codeOf(() => MoneyScalar.parseValue('12.5'))).toBe('BAD_USER_INPUT');
    expect(MoneyScalar.parseValue('-12.50')).toBe('-12.50');
    expect(codeOf(() => YearMonthScalar.parseValue('2015-13'))).toBe('BAD_USER_INPUT');
  });
});

describe('connections', () => {
  it('caps the page size with a clear error', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(500)).toBe(500);
    expect(codeOf(() => pageSize(1_000_000))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => pageSize(-1))).toBe('BAD_USER_INPUT');
  });

  it('round-trips keyset cursors and refuses foreign ones', () => {
    expect(decodeCursor(encodeCursor(['20160115', 'A001']), 2)).toEqual(['20160115', 'A001']);
    expect(codeOf(() => decodeCursor('not-a-cursor', 2))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => decodeCursor(encodeCursor(['x']), 2))).toBe('BAD_USER_INPUT');
    expect(decodeCursor(null, 1)).toBeNull();
  });

  it('builds a page from limit + 1 rows', () => {
    const page = toConnection(
      [1, 2, 3],
      2,
      (n) => [String(n)],
      (n) => ({ n }),
    );
    expect(page.edges.map((e) => e.node.n)).toEqual([1, 2]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(page.pageInfo.endCursor, 1)).toEqual(['2']);
  });
});

describe('code tables', () => {
  it('map padded legacy codes to enum values and labels, and enum values back to codes', () => {
    const table = new CodeTable<'NORMAL' | 'ABNORMAL'>({
      '10': ['NORMAL', '正常'],
      '30': ['ABNORMAL', '非正常'],
      '31': ['ABNORMAL', '非正常(旧)'],
    });
    expect(table.lookup('30 ')).toEqual(['ABNORMAL', '非正常']);
    expect(table.lookup('99')).toBeUndefined();
    expect(table.lookup(null)).toBeUndefined();
    // As a mapper shows a code: one the table does not list is never guessed, and keeps its code as label.
    expect(table.decode(' 30')).toEqual(['ABNORMAL', '非正常']);
    expect(table.decode('99 ')).toEqual([null, '99']);
    expect(table.decode('  ')).toEqual([null, '未知']);
    expect(table.codeOf('ABNORMAL')).toBe('30');
  });
});

describe('batch helpers', () => {
  it('answer in key order and at key length, null or empty for a missing key', () => {
    const rows = [
      { k: 'b', v: 2 },
      { k: 'a', v: 1 },
      { k: 'b', v: 3 },
    ];
    expect(
      oneByKey(
        ['a', 'x', 'b'],
        rows,
        (r) => r.k,
        (r) => r.v,
      ),
    ).toEqual([1, null, 2]);
    expect(
      manyByKey(
        ['b', 'x'],
        rows,
        (r) => r.k,
        (r) => r.v,
      ),
    ).toEqual([[2, 3], []]);
  });
});

describe('arguments', () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      const { message, extensions } = e as GraphQLError;
      return { code: extensions.code, argument: extensions.argument, message };
    }
    return undefined;
  };

  it('takes a TIN of any of its three kinds, as copied from a legacy screen', () => {
    expect(checkArgument(TIN, '\u3000５１０１０４６０００３７３４１ ', 'tin')).toBe('510104600037341');
    expect(checkArgument(TIN, ' 510104 19891216214x00', 'tin')).toBe('5101041989121621' + '4X00');
    expect(checkArgument(TIN, '91350100m000100y43', 'tin')).toBe('91350100M000100Y43');
    // One rule for every source: 15, 18 or 20 characters, nothing between.
    for (const bad of ['12', '5101046000373', '5101046000373411', '91350100M000100Y43X', '51-01;00']) {
      expect(refusal(() => checkArgument(TIN, bad, 'tin'))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'tin' });
    }
    expect(refusal(() => checkArgument(TIN, '12', 'filter.payerTin'))!.message).toBe(
      "filter.payerTin '12' is not a taxpayer identification number (an old 15-character TIN, an 18-character USCC or a citizen ID + 2 digits)",
    );
  });

  it('forgives blanks inside a code, except where only padding is', () => {
    expect(checkArgument(BANK_CODE, ' 1026 5100 0019 ', 'bankCode')).toBe('102651000019');
    expect(checkArgument(VOUCHER_NO, ' ab12 ', 'voucherNo')).toBe('AB12');
    expect(refusal(() => checkArgument(VOUCHER_NO, 'a b', 'voucherNo'))).toMatchObject({ argument: 'voucherNo' });
    expect(optionalArgument(BANK_CODE, null, 'bankCode')).toBeNull();
    expect(optionalArgument(BANK_CODE, undefined, 'bankCode')).toBeNull();
    expect(refusal(() => optionalArgument(BANK_CODE, '', 'bankCode'))).toMatchObject({ argument: 'bankCode' });
  });

  it('checks a filter by its path, and years, areas and one-of lookups', () => {
    expect(filterCodes({ division: ' 510104', industryCode: '5211' })).toEqual({
      division: '510104',
      industryCode: '5211',
      taxOfficeCode: null,
      administratorCode: null,
    });
    expect(refusal(() => filterCodes({ division: '5101' }))).toMatchObject({
      argument: 'filter.division',
      message: "filter.division '5101' is not a 6-digit division code",
    });
    expect(refusal(() => filterCodes({ taxOfficeCode: '123' }))).toMatchObject({ argument: 'filter.taxOfficeCode' });
    expect(yearArgument(2015)).toBe(2015);
    expect(yearArgument(null)).toBeNull();
    expect(refusal(() => yearArgument(1899))).toMatchObject({ argument: 'year', message: 'year must be between 1900 and 2999, got 1899' });
    expect(refusal(() => areaYearArguments('110101', '52-11', 2015))).toMatchObject({ argument: 'industryCode' });
    expect(exactlyOneOf('account', { tin: 'x', id: undefined })).toBe('tin');
    expect(exactlyOneOf('account', { tin: null, id: '1' })).toBe('id');
    expect(refusal(() => exactlyOneOf('account', { tin: null, id: undefined }))!.message).toBe(
      'account takes exactly one of tin or id (got neither)',
    );
    expect(refusal(() => exactlyOneOf('account', { tin: 'a', id: 'b' }))!.message).toMatch(/got both/);
  });
});

describe('taxpayer keys', () => {
  it('matches enterprises on the organization code and individual businesses on the USCC', () => {
    expect(matchFor('91110000600037341L')).toEqual({ uscc: '91110000600037341L', orgCode: '600037341' });
    expect(matchFor('92510104MA6CXXXX1X'.slice(0, 17) + '0').orgCode).toBeNull();
  });

  it('derives a USCC from an old TIN, keeps a recorded one, and gives none for a citizen-ID TIN', () => {
    const derived = usccFor(null, ' 510100600037341 ', '510104');
    expect(derived).toMatch(/^91510104600037341.$/);
    expect(isValidUscc(derived!)).toBe(true);
    expect(usccFor('91110000600037341L', '110000600037341', '110000')).toBe('91110000600037341L');
    expect(usccFor(null, '11010519491231002X00', '110105')).toBeNull();
    // '000000000' passes the GB 11714 check but is a typing placeholder: no USCC, no match
    expect(usccFor(null, '000000000000000', '510104')).toBeNull();
    // So does a USCC typed as the TIN around a placeholder code, unless the record itself recorded it.
    const placeholderUscc = '91510104' + '000000000';
    const typed = placeholderUscc + usccCheckChar(placeholderUscc);
    expect(usccFor(null, typed, '510104')).toBeNull();
    expect(usccFor(typed, typed, '510104')).toBe(typed);
    expect(usccFor(null, '510104000000003', '510104')).toBeNull();
    expect(matchFor('915101040000000008').orgCode).toBeNull();
    expect(matchFor('short').orgCode).toBeNull();
  });
});

describe('error catalogue', () => {
  it('gives every error its code, and database failures the source codes', () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(taxgraphError(code as never, 'x').extensions.code).toBe(code);
    expect((translateDbError('local-tax', { code: '57014' }) as GraphQLError).extensions).toEqual({
      code: 'SOURCE_TIMEOUT',
      source: 'local-tax',
    });
    expect((translateDbError('local-tax', { code: 'ECONNREFUSED' }) as GraphQLError).extensions.code).toBe('SOURCE_UNAVAILABLE');
    const bug = new Error('column "x" does not exist');
    expect(translateDbError('local-tax', bug)).toBe(bug);
  });
});
