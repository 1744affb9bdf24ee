import { Field, ObjectType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';

@ObjectType({ description: 'A tax audit case of the local bureau (稽查案件, JC_AJ), the case data the bureaus exchange for joint audits.' })
export class LocalTaxAuditCase {
  @Field({ description: 'Case number (JC_AJ.AJBH 案件编号).' })
  caseNumber!: string;

  @Field({ description: 'How the case arose (JC_AJ.AJLY 案件来源): 选案 selection, 举报 report, 国地联合稽查 joint audit.' })
  source!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Date the case was opened (JC_AJ.LARQ 立案日期).' })
  filedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date the case was closed (JC_AJ.JARQ 结案日期); null while open.' })
  closedOn!: string | null;

  @Field(() => MoneyScalar, { description: 'Back taxes assessed in yuan (JC_AJ.BJSK 补缴税款, kept in fen).' })
  backTaxes!: string;

  @Field(() => MoneyScalar, { description: 'Fine in yuan (JC_AJ.FK 罚款, kept in fen).' })
  fine!: string;

  @Field(() => String, { nullable: true, description: 'Grounds of the case (JC_AJ.AY 案由).' })
  reason!: string | null;
}
