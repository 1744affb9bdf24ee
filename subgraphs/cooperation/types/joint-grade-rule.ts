import { registerEnumType } from 'type-graphql';
import { JOINT_GRADE_RULES, JointGradeRule } from '../rules/practice';

export const JointGradeRuleEnum = Object.fromEntries(JOINT_GRADE_RULES.map((r) => [r, r])) as { [R in JointGradeRule]: R };
registerEnumType(JointGradeRuleEnum, {
  name: 'JointGradeRule',
  description:
    "How a province forms the joint credit grade from both bureaus' grades (a rule of practice, TAXGRAPH_PRACTICE; the notice only asks " +
    'the bureaus to rate jointly).',
  valuesConfig: {
    LOWER: { description: 'The lower of the two grades (A > B > M > C > D): the default.' },
    NATIONAL_LEADS: { description: "National tax leads: its grade is the joint one, local tax's confirms it." },
    LOCAL_LEADS: { description: "Local tax leads: its grade is the joint one, national tax's confirms it." },
  },
});
