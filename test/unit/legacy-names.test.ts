import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findLegacyNames, legacyNames, normalize } from '../support/legacy-names';

/**
 * DESIGN.md "Boundaries": legacy table and column names appear only in a subgraph's repository/
 * (and the DDL and the generator in seeds/); everything above the mapper speaks the graph's names.
 */

const ROOT = join(__dirname, '..', '..');
const DDL = join(ROOT, 'seeds', 'ddl');
const SUBGRAPHS = join(ROOT, 'subgraphs');

/**
 * Legacy names that are ordinary English words, which the graph may use as its own: TIPS's "Result"
 * (a deduction's result code) and the graph's Payment fields bankCode, bankName, budgetSubjectCode,
 * payMode and refundNo, which TIPS happens to spell the same way.
 */
const ENGLISH = new Set(['Result', 'BankCode', 'BankName', 'BudgetSubjectCode', 'PayMode', 'RefundNo'].map(normalize));

const names = legacyNames(
  readdirSync(DDL)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => readFileSync(join(DDL, f), 'utf8'))
    .join('\n'),
);

/** The TypeScript of subgraphs/ above the repositories: every file outside a repository/ folder (kit/ has none). */
function codeAboveRepositories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'repository' ? [] : codeAboveRepositories(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('legacy names stay below the mapper', () => {
  it('reads the names of every legacy table and column from the DDL', () => {
    for (const name of ['DJ_NSRXX', 'NSRSBH', 'SWDJ', 'JSJDM', 'E_BASEINFO', 'UNISCID', 'TaxPayment', 'TaxOrgCode', 'TaxVouNo', 'YSSDL']) {
      expect(names.has(normalize(name))).toBe(true);
    }
    // Index names are no table or column, and a column's type is no name.
    expect(names.has(normalize('SWDJ_TIN_ORG'))).toBe(false);
    expect(names.has(normalize('NUMERIC'))).toBe(false);
    expect(names.size).toBeGreaterThan(150);
  });

  it('finds none in the code of subgraphs/ outside repository/', () => {
    const files = codeAboveRepositories(SUBGRAPHS);
    expect(files.length).toBeGreaterThan(80);
    const found = files.flatMap((file) => findLegacyNames(relative(ROOT, file), readFileSync(file, 'utf8'), names, ENGLISH));
    expect(found.map((f) => `${f.file}:${f.line} ${f.text} (${f.name})`)).toEqual([]);
  });

  describe('the scan itself (it can fail)', () => {
    const scan = (code: string) => findLegacyNames('snippet.ts', code, names, ENGLISH).map((f) => f.name);

    it('catches a legacy name as a property, an identifier, a type and a string', () => {
      expect(scan('const key = row.jsjdm;')).toEqual(['jsjdm']);
      expect(scan('const q = db.from("swdj").where("s.xzqh", d);')).toEqual(['swdj', 'xzqh']);
      expect(scan('export const ownerOf = (r: { pripid: string }) => r.pripid;')).toEqual(['pripid', 'pripid']);
      expect(scan("const k = voucherKeyString(code(r.TaxOrgCode) ?? '', code(r.TaxVouNo) ?? '');")).toEqual(['taxorgcode', 'taxvouno']);
      expect(scan('const filter = { taxOrgCode: office, zt: status };')).toEqual(['taxorgcode', 'zt']);
      expect(scan('import type { SwdjRow, SbMxRow } from "./x"; const s = regstateOf(x);')).toEqual(['swdj', 'sbmx', 'regstate']);
      expect(scan('const sql = `SELECT ${c} FROM "TaxPayment" WHERE x = 1`;')).toEqual(['taxpayment']);
    });

    it('passes comments, GraphQL descriptions and graph names', () => {
      expect(
        scan(`
          // JSJDM is the local key; /* DJXH */ the national one.
          /** From E_BASEINFO.ENTNAME. */
          class Registration {
            @Field({ description: "The taxpayer's name as registered (E_BASEINFO.ENTNAME)." })
            name!: string;
            @Field({ description: 'Levy (ZS_YJSF ' + "已缴税费)." })
            payments!: string;
          }
          const payment = { taxOfficeCode: '1', voucherNo: '2', bankCode: '3', resultCode: x.result, payMode: 'counter' };
          export const AccountConnection = connectionType(Account, 'Account', 'A page of records (keyset on DJXH).');
        `),
      ).toEqual([]);
      // The same string anywhere else is code.
      expect(scan("const c = connectionType(Account, 'DJXH', 'A page.'); const d = { title: 'keyset on DJXH' };")).toEqual([
        'djxh',
        'djxh',
      ]);
    });
  });
});
