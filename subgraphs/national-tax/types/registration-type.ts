import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'Registration type (登记注册类型, DJ_NSRXX.DJZCLX_DM, code table DM_DJZCLX), e.g. 173 私营有限责任公司, 410 个体工商户.',
})
export class NationalTaxRegistrationType {
  @Field({ description: '3-digit registration type code (DJ_NSRXX.DJZCLX_DM).' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Its name (DM_DJZCLX.DJZCLXMC); null when the code table does not list the code.' })
  label!: string | null;
}
