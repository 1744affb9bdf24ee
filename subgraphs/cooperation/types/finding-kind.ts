import { registerEnumType } from 'type-graphql';
import { FINDING_KINDS, FINDING_RULES, FindingKind } from '../rules/reference';

export const FindingKindEnum = Object.fromEntries(FINDING_KINDS.map((k) => [k, k])) as { [K in FindingKind]: K };
registerEnumType(FindingKindEnum, {
  name: 'FindingKind',
  description: "What a cross-agency check found: one value per check of the seed's joint tasks (DOMAIN.md 1-15).",
  valuesConfig: Object.fromEntries(
    FINDING_KINDS.map((k) => [k, { description: `Task ${FINDING_RULES[k].task}: ${FINDING_RULES[k].title}.` }]),
  ),
});
