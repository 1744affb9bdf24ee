import type { SubjectFacts } from '../facts';
import { finding, RuleFinding } from '../finding';
import { Grade, GRADE_ORDER, lowerGrade } from '../reference';
import { pairedByYear, Subject, subjectOf } from '../subject';

/** Task 3: the bureaus' credit grades of a year differ (the joint grade is the lower). */
export function creditRatingDisagreements(s: Subject): RuleFinding[] {
  const years = pairedByYear(
    s,
    (n) => n.creditRatings,
    (l) => l.creditRatings,
  );
  return years.flatMap(({ record: n0, national: nr, local: lr }) => {
    if (!lr.grade || lr.grade === nr.grade) return [];
    const joint = lowerGrade(nr.grade as Grade, lr.grade as Grade);
    return [
      finding(s, {
        kind: 'CREDIT_RATING_DISAGREEMENT',
        record: { source: 'national-tax', id: n0.id },
        sources: ['national-tax', 'local-tax'],
        detail:
          `${nr.year}: national tax rated ${nr.grade} (${nr.score}), local tax ${lr.grade} (${lr.score}); ` +
          `the joint grade is the lower, ${joint}.`,
        values: [
          { source: 'national-tax', field: 'grade', value: nr.grade },
          { source: 'local-tax', field: 'grade', value: lr.grade },
        ],
        year: nr.year,
      }),
    ];
  });
}

/** The joint credit rating of one year (task 3): both grades, and the lower as the joint one. */
export interface JointRating {
  year: number;
  nationalTax: Grade | null;
  localTax: Grade | null;
  joint: Grade;
  reason: string;
}

export function jointRating(facts: SubjectFacts, year: number): JointRating | null {
  const s = subjectOf(facts);
  const n = s.primaryNational?.creditRatings.find((r) => r.year === year);
  const l = s.primaryLocal?.creditRatings.find((r) => r.year === year);
  const ng = n && GRADE_ORDER.includes(n.grade as Grade) ? (n.grade as Grade) : null;
  const lg = l?.grade && GRADE_ORDER.includes(l.grade as Grade) ? (l.grade as Grade) : null;
  if (!ng && !lg) return null;
  if (ng && lg) {
    const joint = lowerGrade(ng, lg);
    const reason =
      ng === lg
        ? `Both bureaus rated ${ng}.`
        : `National tax rated ${ng}, local tax ${lg}: the joint grade is the lower, ${joint} (order A > B > M > C > D).`;
    return { year, nationalTax: ng, localTax: lg, joint, reason };
  }
  const only = (ng ?? lg)!;
  return {
    year,
    nationalTax: ng,
    localTax: lg,
    joint: only,
    reason: `Only ${ng ? 'national' : 'local'} tax rated ${year} (${only}); the other bureau has no rating to confirm it.`,
  };
}
