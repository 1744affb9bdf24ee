/** Code-table rows of the four sources, written once per database. */
import { Random } from '../random';
import { AREAS, BANKS, GIVEN, INDUSTRIES, SURNAMES } from '../reference';
import type { Emitter } from './emitter';
import {
  ADMINISTRATORS_PER_AREA,
  localAdministrator,
  localOffice,
  localOfficeName,
  nationalAdministrator,
  nationalOffice,
  nationalOfficeName,
} from './offices';

export interface CodeTables {
  nationalStatuses: Record<string, string>;
  localStatuses: Record<string, string>;
  registrationTypes: Record<string, string>;
  divisions: Record<string, string>;
  levyItems: Record<string, string>;
  localTaxTypes: Record<string, string>;
}

export function emitReferenceRows(out: Pick<Emitter, 'row'>, codes: CodeTables): void {
  for (const [k, v] of Object.entries(codes.nationalStatuses)) out.row('dmNsrzt', { nsrzt_dm: k, nsrztmc: v });
  for (const [k, v] of Object.entries(codes.localStatuses)) out.row('dmZt', { ztdm: k, ztmc: v });
  for (const [k, v] of Object.entries(codes.registrationTypes)) out.row('dmDjzclx', { djzclx_dm: k, djzclxmc: v });
  for (const ind of INDUSTRIES) out.row('dmHy', { hy_dm: ind.code, hymc: ind.name });
  for (const [k, v] of Object.entries(codes.divisions)) out.row('dmXzqh', { xzqh_dm: k, xzqhmc: v });
  for (const [k, v] of Object.entries(codes.levyItems)) out.row('dmZsxm', { zsxm_dm: k, zsxmmc: v });
  for (const [k, v] of Object.entries(codes.localTaxTypes)) out.row('dmSz', { szdm: k, szmc: v });
  // Administrators' names come from a stream of their own, so they do not depend on the seed.
  const r = new Random(7, 7);
  for (const a of AREAS) {
    out.row('dmSwjgN', { swjg_dm: nationalOffice(a), swjgmc: nationalOfficeName(a), xzqh_dm: a.division });
    out.row('dmSwjgL', { swjgdm: localOffice(a), swjgmc: localOfficeName(a), xzqh: a.division });
    out.row('tOrg', { TaxOrgCode: nationalOffice(a), TaxOrgName: nationalOfficeName(a), TaxOrgType: '1' });
    out.row('tOrg', { TaxOrgCode: localOffice(a), TaxOrgName: localOfficeName(a), TaxOrgType: '2' });
    out.row('tTre', { TreCode: a.treasury, TreName: `国家金库${a.name}支库` });
    for (let k = 0; k < ADMINISTRATORS_PER_AREA; k++) {
      const nationalName = r.pick(SURNAMES) + r.pick(GIVEN);
      out.row('dmSwry', { swry_dm: nationalAdministrator(a, k), swryxm: nationalName, swjg_dm: nationalOffice(a) });
      const localName = r.pick(SURNAMES) + r.pick(GIVEN) + r.pick(GIVEN);
      out.row('dmZgy', { zgydm: localAdministrator(a, k), zgyxm: localName, swjgdm: localOffice(a) });
    }
  }
  for (const b of BANKS) out.row('tBank', { BankCode: b.code, BankName: b.name });
}
