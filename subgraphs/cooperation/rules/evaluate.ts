import type { SubjectFacts } from './facts';
import type { RuleContext, RuleFinding, TaskRule } from './finding';
import { subjectOf } from './subject';
import { creditRatingDisagreements } from './tasks/task-03-credit-rating';
import { turnoverQuotaMismatches } from './tasks/task-04-turnover-quota';
import { deemedRateImbalances } from './tasks/task-05-deemed-cit';
import { freightInvoiceChecks } from './tasks/task-06-freight';
import { uctBaseMismatches } from './tasks/task-07-urban-construction-tax';
import { registryVsTax } from './tasks/task-09-registry-vs-tax';
import { abnormalTaxpayers } from './tasks/task-10-abnormal';
import { belowThreshold } from './tasks/task-11-below-threshold';
import { keyTaxSources } from './tasks/task-12-key-tax-source';
import { withoutAdministrator } from './tasks/task-13-administrators';
import { uncleanRecords } from './tasks/task-14-clean-records';
import { paymentFollowUps } from './tasks/task-15-payments';
import { registrationMismatches } from './tasks/task-02-one-registration';

/**
 * The checks of the joint tasks (DOMAIN.md numbering), in the order a subject's findings are listed.
 * Tasks 1 and 13's counts come from the reconciliation's pages and 8 ranks the stored findings: they
 * have no rule here. Task 2 (one registration) is the graph itself and its disagreements, listed last.
 */
const TASK_RULES: readonly TaskRule[] = [
  registryVsTax,
  abnormalTaxpayers,
  creditRatingDisagreements,
  turnoverQuotaMismatches,
  belowThreshold,
  deemedRateImbalances,
  freightInvoiceChecks,
  uctBaseMismatches,
  keyTaxSources,
  withoutAdministrator,
  uncleanRecords,
  paymentFollowUps,
  registrationMismatches,
];

/** Evaluates every rule for one subject. A rule whose sources could not be asked is not judged. */
export function evaluate(facts: SubjectFacts, ctx: RuleContext): RuleFinding[] {
  const subject = subjectOf(facts);
  return TASK_RULES.flatMap((rule) => rule(subject, ctx));
}
