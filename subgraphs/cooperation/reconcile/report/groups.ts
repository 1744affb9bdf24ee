import { FINDING_KINDS, FINDING_RULES, FindingKind } from '../../rules/reference';

/** How the report groups, orders, names and colours findings: by kind and task, and by area. */

/** One colour per finding kind (FINDING_KINDS order), the same in every chart. */
const KIND_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1f77b4',
  '#aec7e8',
  '#8c564b',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
  '#d37295',
  '#499894',
  '#a0cbe8',
];

/** The joint tasks' names (DOMAIN.md), for headings. */
export const TASK_TITLES: Record<number, string> = {
  1: 'Registration information exchange',
  2: 'One registration: the registry and the bureaus disagree (相同信息一次采集)',
  3: 'Joint credit rating',
  4: "Joint assessment of individual businesses' turnover",
  5: 'Consistent deemed-profit CIT',
  6: 'Freight invoices and business tax',
  7: 'Urban construction tax base',
  9: 'Registry vs tax: unregistered businesses (漏征漏管户), one bureau only, licences ended while normal in tax',
  10: 'Abnormal taxpayers (非正常户)',
  11: 'Below-threshold households: unregistered ones to clear up, registered ones kept under management',
  12: 'Key tax sources (重点税源)',
  13: 'Tax administrators and their households',
  14: '三清: households, taxes, invoices (清户, 清税, 清票)',
  15: 'Payments: deducted, not in the treasury',
};

/** A kind's rule (task, title, legal basis); undefined for a kind the code does not know (an older store). */
export const rule = (kind: string) => FINDING_RULES[kind as FindingKind] as (typeof FINDING_RULES)[FindingKind] | undefined;
export const taskOf = (kind: string) => rule(kind)?.task ?? 0;
export const taskTitle = (t: number, kinds: string[]) => TASK_TITLES[t] ?? kinds.map((k) => rule(k)?.title ?? k).join('; ');
const kindOrder = (kind: string) => {
  const i = FINDING_KINDS.indexOf(kind as FindingKind);
  return i < 0 ? FINDING_KINDS.length : i;
};
export const byTaskThenKind = (a: string, b: string) => taskOf(a) - taskOf(b) || kindOrder(a) - kindOrder(b) || a.localeCompare(b);
export const colourOf = (kind: string) => KIND_COLOURS[kindOrder(kind) % KIND_COLOURS.length];
export const kindLabel = (kind: string) => `T${taskOf(kind) || '?'} ${kind}`;
/** A chart colour by position, for series that are not kinds. */
export const colourAt = (i: number) => KIND_COLOURS[i % KIND_COLOURS.length];

export const NO_AREA = 'no area';
export const areaLabel = (division: string | null) => division ?? NO_AREA;
/** Areas in code order, findings without an area last. */
export const areaOrder = (a: string, b: string) => (a === NO_AREA ? 1 : b === NO_AREA ? -1 : a.localeCompare(b));

/** Sums `value` per `key`. */
export function sumBy<T>(items: T[], key: (t: T) => string, value: (t: T) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + value(t));
  return m;
}
