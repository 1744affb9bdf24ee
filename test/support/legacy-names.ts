import * as ts from 'typescript';

/**
 * DESIGN.md: legacy table and column names appear only in a subgraph's repository/ (and the DDL and
 * the generator in seeds/). This finds them in TypeScript above a repository: in identifiers,
 * property names and string literals, as the compiler reads them, so comments and GraphQL
 * descriptions (which cite `E_BASEINFO.ENTNAME` for analysts on purpose) are not code and pass.
 */

/** A name the way it is compared: lower case, underscores dropped (`NSRZT_DM` and `nsrztDm` are one name). */
export const normalize = (name: string): string => name.toLowerCase().replace(/_/g, '');

/** Splits a DDL body on the commas between its items (not those inside NUMERIC(18,2) or PRIMARY KEY (A, B)). */
function items(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')') depth--;
    else if (body[i] === ',' && depth === 0) {
      out.push(body.slice(start, i));
      start = i + 1;
    }
  }
  out.push(body.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

const CONSTRAINT = /^(PRIMARY|UNIQUE|CONSTRAINT|FOREIGN|CHECK|EXCLUDE)\b/i;
const NAME = /^("([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))/;

/** Every table and column name the DDL creates (indexes are not names code uses), normalized. */
export function legacyNames(ddl: string): Set<string> {
  const names = new Set<string>();
  const sql = ddl.replace(/--[^\n]*/g, '');
  const table = /CREATE\s+TABLE\s+("[^"]+"|[A-Za-z_][A-Za-z0-9_]*)\s*\(/gi;
  for (let m = table.exec(sql); m; m = table.exec(sql)) {
    names.add(normalize(m[1].replace(/"/g, '')));
    // The body runs to the parenthesis that closes the one after the name.
    let depth = 1;
    let end = table.lastIndex;
    while (depth > 0 && end < sql.length) {
      if (sql[end] === '(') depth++;
      else if (sql[end] === ')') depth--;
      end++;
    }
    for (const item of items(sql.slice(table.lastIndex, end - 1))) {
      if (CONSTRAINT.test(item)) continue;
      const column = NAME.exec(item);
      if (column) names.add(normalize(column[2] ?? column[3]));
    }
  }
  return names;
}

/** The words of an identifier: `SbMxRow` -> sb, mx, row; `NSRZT_DM` -> nsrzt, dm; `sl1` stays one. */
function words(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * The legacy name a token spells, if any: the whole token, or its leading words (`SwdjRow` and
 * `regstateOf` name SWDJ and REGSTATE as much as `swdj` and `regstate` do).
 */
export function legacyNameIn(token: string, names: ReadonlySet<string>, allowed: ReadonlySet<string>): string | null {
  const w = words(token);
  let prefix = '';
  for (const word of w) {
    prefix += word;
    if (names.has(prefix) && !allowed.has(prefix)) return prefix;
  }
  return null;
}

export interface Finding {
  file: string;
  line: number;
  /** The identifier or string as written. */
  text: string;
  /** The legacy name it spells, normalized. */
  name: string;
}

/** Functions of kit/ that take a GraphQL description as a positional argument, by the argument's index. */
const DESCRIPTION_ARGUMENTS: Record<string, number> = { connectionType: 2, stringScalar: 1 };

/**
 * Whether a string is (part of) a GraphQL description: the value of a `description` property or a
 * description argument, concatenations included.
 */
function isDescription(node: ts.Node): boolean {
  let n = node;
  while (
    ts.isBinaryExpression(n.parent) ||
    ts.isParenthesizedExpression(n.parent) ||
    ts.isTemplateSpan(n.parent) ||
    ts.isTemplateExpression(n.parent)
  ) {
    n = n.parent;
  }
  const p = n.parent;
  if (!p) return false;
  if (ts.isPropertyAssignment(p)) return p.initializer === n && ts.isIdentifier(p.name) && p.name.text === 'description';
  if (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text in DESCRIPTION_ARGUMENTS) {
    return p.arguments.indexOf(n as ts.Expression) === DESCRIPTION_ARGUMENTS[p.expression.text];
  }
  return false;
}

const WORD = /\b[A-Za-z_][A-Za-z0-9_]*\b/g;

/** Legacy names used in one TypeScript file's code: identifiers, property names, and the words of its string literals. */
export function findLegacyNames(
  file: string,
  source: string,
  names: ReadonlySet<string>,
  allowed: ReadonlySet<string> = new Set(),
): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: Finding[] = [];
  const report = (node: ts.Node, text: string, token: string) => {
    const name = legacyNameIn(token, names, allowed);
    if (name) found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text, name });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) report(node, node.text, node.text);
    else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      if (!isDescription(node)) for (const word of node.text.match(WORD) ?? []) report(node, node.text, word);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
