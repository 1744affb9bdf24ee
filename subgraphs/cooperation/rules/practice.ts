import { readFileSync } from 'node:fs';

/**
 * Rules of practice: what the joint rules apply that the seed notices do not fix for the whole
 * country, set per province (the first two digits of a division, GB/T 2260), with a default.
 *
 * - The joint credit grade. The Sichuan notice asks both bureaus to rate jointly ("国、地税机关联合按照
 *   有关评定办法标准,评定纳税信用等级") and names no way to combine two grades; taking the lower of the
 *   two is this project's working rule (DOMAIN.md), not the notice's. A province whose bureaus let
 *   one of them lead may set that bureau's grade instead.
 * - The key tax source threshold. The Guangxi local-tax notice sets it for its own region ("区局以年缴纳
 *   营业税收入在100万元以上的纳税人作为标准") and leaves the standard to each local bureau; elsewhere
 *   1,000,000 yuan a year is only a default. null: the province sets none (no KEY_TAX_SOURCE findings).
 *
 * The built-in table is overridden by `TAXGRAPH_PRACTICE` (JSON text) or `TAXGRAPH_PRACTICE_FILE`
 * (a JSON file), `{"default": {...}, "provinces": {"45": {...}}}`, each entry giving any of the
 * fields; it is checked when the cooperation subgraph starts, and a bad one stops it with the reason.
 */

/** How the joint grade is formed from both bureaus' grades of a year. */
export const JOINT_GRADE_RULES = ['LOWER', 'NATIONAL_LEADS', 'LOCAL_LEADS'] as const;
export type JointGradeRule = (typeof JOINT_GRADE_RULES)[number];

export interface ProvincePractice {
  /** LOWER: the lower of the two grades; NATIONAL_LEADS / LOCAL_LEADS: the leading bureau's grade (the other confirms). */
  jointGrade: JointGradeRule;
  /** Business tax in one year, yuan, that makes a key tax source (重点税源); null: the province sets none. */
  keyTaxSourceYuan: number | null;
}

export interface PracticeTable {
  default: ProvincePractice;
  /** Two-digit province code -> its practice (fields not given: the default's). */
  provinces: Record<string, ProvincePractice>;
  /** Where the table came from, for messages: built-in, TAXGRAPH_PRACTICE or the file's path. */
  origin: string;
}

/** The default, and the province whose notice the key-tax-source threshold comes from (Guangxi, 45). */
export const BUILT_IN_PRACTICE: PracticeTable = {
  default: { jointGrade: 'LOWER', keyTaxSourceYuan: 1_000_000 },
  provinces: { '45': { jointGrade: 'LOWER', keyTaxSourceYuan: 1_000_000 } },
  origin: 'built-in',
};

export class PracticeError extends Error {}

const PROVINCE = /^\d{2}$/;
const FIELDS = new Set(['jointGrade', 'keyTaxSourceYuan']);

function entry(value: unknown, where: string, base: ProvincePractice): ProvincePractice {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PracticeError(`${where} must be an object`);
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v))
    if (!FIELDS.has(k)) throw new PracticeError(`${where}: unknown field '${k}' (known: ${[...FIELDS].join(', ')})`);
  const out = { ...base };
  if ('jointGrade' in v) {
    if (!(JOINT_GRADE_RULES as readonly unknown[]).includes(v.jointGrade))
      throw new PracticeError(`${where}.jointGrade must be one of ${JOINT_GRADE_RULES.join(', ')}, got ${JSON.stringify(v.jointGrade)}`);
    out.jointGrade = v.jointGrade as JointGradeRule;
  }
  if ('keyTaxSourceYuan' in v) {
    const t = v.keyTaxSourceYuan;
    if (t !== null && !(typeof t === 'number' && Number.isSafeInteger(t) && t > 0))
      throw new PracticeError(
        `${where}.keyTaxSourceYuan must be a whole number of yuan above 0, or null for none; got ${JSON.stringify(t)}`,
      );
    out.keyTaxSourceYuan = t as number | null;
  }
  return out;
}

/** Checks a table as JSON gives it; the built-in default fills what it leaves out. */
export function parsePractice(json: unknown, origin: string): PracticeTable {
  const at = (msg: string) => new PracticeError(`${origin}: ${msg}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw at('must be a JSON object {"default": {...}, "provinces": {...}}');
  const raw = json as Record<string, unknown>;
  for (const k of Object.keys(raw)) if (k !== 'default' && k !== 'provinces') throw at(`unknown key '${k}' (known: default, provinces)`);
  try {
    const def = raw.default === undefined ? BUILT_IN_PRACTICE.default : entry(raw.default, 'default', BUILT_IN_PRACTICE.default);
    const provinces: Record<string, ProvincePractice> = {};
    if (raw.provinces !== undefined) {
      if (typeof raw.provinces !== 'object' || raw.provinces === null || Array.isArray(raw.provinces))
        throw new PracticeError('provinces must be an object keyed by 2-digit province code');
      for (const [code, value] of Object.entries(raw.provinces)) {
        if (!PROVINCE.test(code)) throw new PracticeError(`provinces: '${code}' is no 2-digit province code (e.g. 45 for Guangxi)`);
        provinces[code] = entry(value, `provinces.${code}`, def);
      }
    }
    return { default: def, provinces, origin };
  } catch (err) {
    if (err instanceof PracticeError) throw at(err.message);
    throw err;
  }
}

/** The table the environment asks for: TAXGRAPH_PRACTICE, else TAXGRAPH_PRACTICE_FILE, else the built-in one. */
export function practiceFromEnv(env: NodeJS.ProcessEnv = process.env): PracticeTable {
  const text = env.TAXGRAPH_PRACTICE?.trim();
  const file = env.TAXGRAPH_PRACTICE_FILE?.trim();
  if (text && file) throw new PracticeError('set TAXGRAPH_PRACTICE or TAXGRAPH_PRACTICE_FILE, not both');
  if (!text && !file) return BUILT_IN_PRACTICE;
  const origin = text ? 'TAXGRAPH_PRACTICE' : `TAXGRAPH_PRACTICE_FILE ${file}`;
  let source: string;
  try {
    source = text ?? readFileSync(file!, 'utf8');
  } catch (err) {
    throw new PracticeError(`${origin}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (err) {
    throw new PracticeError(`${origin}: not JSON (${(err as Error).message})`);
  }
  return parsePractice(json, origin);
}

let active: PracticeTable | undefined;

/** The process's table, read from the environment once (the cooperation subgraph reads it when it starts). */
export function activePractice(): PracticeTable {
  active ??= practiceFromEnv();
  return active;
}

/** The practice for a division (or a province code); the default for a province the table does not name or no division. */
export function practiceFor(division: string | null | undefined, table: PracticeTable = activePractice()): ProvincePractice {
  const province = division?.slice(0, 2);
  return (province && table.provinces[province]) || table.default;
}

/** The joint rule in words, for a finding's detail and a rating's reason. */
export function jointGradeRuleText(rule: JointGradeRule): string {
  switch (rule) {
    case 'LOWER':
      return 'the lower of the two';
    case 'NATIONAL_LEADS':
      return "national tax's, the leading bureau (local tax confirms)";
    case 'LOCAL_LEADS':
      return "local tax's, the leading bureau (national tax confirms)";
  }
}
