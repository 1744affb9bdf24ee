/**
 * A business's legal form, decided once and written alike by every source: the registry's entity type
 * (ENTTYPE), the bureaus' registration type (DJZCLX_DM) and the organizational form that ends its name.
 * The name must not contradict the types: under the Company Law (art. 8, 2005) a limited liability
 * company's name carries 有限责任公司 or 有限公司 and a company limited by shares' 股份有限公司; an enterprise
 * registered under another law, such as a 全民所有制 (owned by the whole people) one, may not call itself
 * either, and ends in 厂 (a works), 公司 without 有限, 店 and the like.
 */
import type { Industry } from '../reference';

export interface LegalForm {
  /** E_BASEINFO.ENTTYPE: 1100 有限责任公司, 1200 股份有限公司, 4100 全民所有制, 9500 个体工商户. */
  entityType: string;
  /** DJ_NSRXX.DJZCLX_DM and SWDJ.DJLX: 110 国有企业, 159 其他有限责任公司, 160 股份有限公司, 173 私营有限责任公司, 410 个体工商户. */
  registrationType: string;
  /** How the name ends, for an industry. */
  suffix: (industry: Industry) => string;
}

/** Industries whose state-owned enterprises are works (厂): manufacturing, GB/T 4754 divisions 13-43. */
const isManufacturing = (industry: Industry) => /^(1[3-9]|[23]\d|4[0-3])/.test(industry.code);

/** The enterprises' forms with their weights: mostly private limited companies, as the seed's areas had by 2016. */
export const ENTERPRISE_FORMS: readonly (readonly [LegalForm, number])[] = [
  [{ entityType: '1100', registrationType: '173', suffix: () => '有限公司' }, 2],
  [{ entityType: '1100', registrationType: '159', suffix: () => '有限责任公司' }, 1],
  [{ entityType: '1200', registrationType: '160', suffix: () => '股份有限公司' }, 1],
  [{ entityType: '4100', registrationType: '110', suffix: (industry) => (isManufacturing(industry) ? '厂' : '公司') }, 1],
];

/** An individual business (个体工商户): its name ends in 店, and its types are the registry's 9500 and the bureaus' 410. */
export const INDIVIDUAL_FORM: LegalForm = { entityType: '9500', registrationType: '410', suffix: () => '店' };

/** Whether a name's ending fits the entity type (ENTTYPE), the rule the generator keeps and its test checks. */
export function nameFitsEntityType(name: string, entityType: string): boolean {
  const limited = /有限(责任)?公司$/.test(name);
  switch (entityType) {
    case '1100':
      return limited && !name.endsWith('股份有限公司');
    case '1200':
      return /股份(有限)?公司$/.test(name);
    case '4100':
      return !limited && !name.endsWith('股份公司') && /(厂|公司|店|部|中心)$/.test(name);
    case '9500':
      return !limited && !name.endsWith('公司');
    default:
      return true;
  }
}
