import type { SubjectFacts } from '../facts';
import { finding, RuleContext, RuleFinding } from '../finding';
import { activePractice, JointGradeRule, jointGradeRuleText, PracticeTable, practiceFor } from '../practice';
import { Grade, GRADE_ORDER, lowerGrade } from '../reference';
import { pairedByYear, Subject, subjectOf } from '../subject';

/** The joint grade of two bureaus' grades under a province's rule (rules/practice.ts). */
export function jointGradeOf(national: Grade, local: Grade, rule: JointGradeRule): Grade {
  if (rule === 'NATIONAL_LEADS') return national;
  if (rule === 'LOCAL_LEADS') return local;
  return lowerGrade(national, local);
}

/**
 * Task 3: the bureaus' credit grades of a year differ. The notice asks for a joint rating; how the
 * joint grade is formed is the province's practice (default: the lower).
 */
export function creditRatingDisagreements(s: Subject, _ctx?: RuleContext, practice: PracticeTable = activePractice()): RuleFinding[] {
  const rule = practiceFor(s.division, practice).jointGrade;
  const years = pairedByYear(
    s,
    (n) => n.creditRatings,
    (l) => l.creditRatings,
  );
  return years.flatMap(({ record: n0, national: nr, local: lr }) => {
    if (!lr.grade || lr.grade === nr.grade) return [];
    const joint = jointGradeOf(nr.grade as Grade, lr.grade as Grade, rule);
    return [
      finding(s, {
        kind: 'CREDIT_RATING_DISAGREEMENT',
        record: { source: 'national-tax', id: n0.id },
        sources: ['national-tax', 'local-tax'],
        detail:
          `${nr.year}: national tax rated ${nr.grade} (${nr.score}), local tax ${lr.grade} (${lr.score}); ` +
          `the joint grade is ${jointGradeRuleText(rule)}, ${joint} (the province's practice).`,
        values: [
          { source: 'national-tax', field: 'grade', value: nr.grade },
          { source: 'local-tax', field: 'grade', value: lr.grade },
        ],
        year: nr.year,
      }),
    ];
  });
}

/** The joint credit rating of one year (task 3): both grades, and the joint one under the province's rule. */
export interface JointRating {
  year: number;
  nationalTax: Grade | null;
  localTax: Grade | null;
  joint: Grade;
  reason: string;
  /** How the joint grade was formed (the province's practice). */
  rule: JointGradeRule;
  /** Where the subject is filed (its primary records' division), for lists by area. */
  division: string | null;
  /** The subject rated: its canonical key, and its USCC when it has one. */
  subject: string;
  uscc: string | null;
}

export function jointRating(facts: SubjectFacts, year: number, practice: PracticeTable = activePractice()): JointRating | null {
  const s = subjectOf(facts);
  const rule = practiceFor(s.division, practice).jointGrade;
  const n = s.primaryNational?.creditRatings.find((r) => r.year === year);
  const l = s.primaryLocal?.creditRatings.find((r) => r.year === year);
  const ng = n && GRADE_ORDER.includes(n.grade as Grade) ? (n.grade as Grade) : null;
  const lg = l?.grade && GRADE_ORDER.includes(l.grade as Grade) ? (l.grade as Grade) : null;
  if (!ng && !lg) return null;
  const base = { year, nationalTax: ng, localTax: lg, rule, division: s.division, subject: facts.subject, uscc: facts.uscc };
  if (ng && lg) {
    const joint = jointGradeOf(ng, lg, rule);
    const reason =
      ng === lg
        ? `Both bureaus rated ${ng}.`
        : `National tax rated ${ng}, local tax ${lg}: the joint grade is ${jointGradeRuleText(rule)}, ${joint} ` +
          `(order A > B > M > C > D; the province's practice, not the notice's).`;
    return { ...base, joint, reason };
  }
  const only = (ng ?? lg)!;
  return {
    ...base,
    joint: only,
    reason: `Only ${ng ? 'national' : 'local'} tax rated ${year} (${only}); the other bureau has no rating to confirm it.`,
  };
}
