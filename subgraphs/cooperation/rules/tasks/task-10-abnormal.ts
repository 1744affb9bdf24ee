import { addMonths } from '../../../../shared/dates';
import { finding, RuleContext, RuleFinding, statusValues } from '../finding';
import { ABNORMAL_VOID_MONTHS } from '../reference';
import type { Subject } from '../subject';

/** Task 10: abnormal taxpayers (非正常户), and those abnormal for more than three months and not voided. */
export function abnormalTaxpayers(s: Subject, ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const voidBefore = addMonths(ctx.asOf, -ABNORMAL_VOID_MONTHS);
  const abnormal = (source: 'national-tax' | 'local-tax', id: string, since: string | null, office: string) => {
    const values = [...statusValues(s), { source, field: 'abnormalSince', value: since }];
    out.push(
      finding(s, {
        kind: 'ABNORMAL',
        record: { source, id },
        sources: [source],
        detail: `Abnormal in ${source}${since ? ` since ${since}` : ''}.`,
        values,
        taxOfficeCodes: [office],
      }),
    );
    if (since && since < voidBefore) {
      out.push(
        finding(s, {
          kind: 'ABNORMAL_OVERDUE',
          record: { source, id },
          sources: [source],
          detail: `Abnormal in ${source} since ${since}, more than ${ABNORMAL_VOID_MONTHS} months before ${ctx.asOf}, and not voided.`,
          values,
          taxOfficeCodes: [office],
        }),
      );
    }
  };
  if (s.has('national-tax'))
    for (const n of s.national) if (n.status === 'ABNORMAL') abnormal('national-tax', n.id, n.abnormalSince, n.taxOffice.code);
  if (s.has('local-tax'))
    for (const l of s.local) if (l.status === 'ABNORMAL') abnormal('local-tax', l.id, l.statusChangedOn, l.taxOffice.code);
  return out;
}
