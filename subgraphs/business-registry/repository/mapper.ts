import type { ArgumentRule } from '../../kit/arguments';
import type { RecordKeys } from '../../kit/taxpayer-key';
import { detectDataIssues } from '../../kit/data-quality';
import { text, code } from '../../kit/mapping';
import { wanToYuan } from '../../../shared/money';
import { isAcceptedUscc } from '../../../shared/identifiers';
import type { Registration } from '../types/registration';
import type { RegistrationChange } from '../types/registration-change';
import type { ChangeRow, RegistrationRow } from './registry.repository';
import { CHANGE_ITEMS, ENTITY_TYPES, REGISTRY_STATES } from './codes';

/** Legacy rows -> graph objects: code tables to enums with their Chinese labels, 万元 to yuan, trimmed text. */

/** The keys a registry record is found by (kit's RecordKeys), and its registration number (REGNO trimmed). */
export interface RegistrationKeys extends RecordKeys {
  registrationNumber: string;
}

/** PRIPID; UNISCID (the batch compares it with the USCC) and the organization code inside it (SUBSTR(UNISCID, 9, 9)); REGNO. */
export function keysOf(row: RegistrationRow): RegistrationKeys {
  const uscc = code(row.uniscid);
  return { id: row.pripid, registrationNumber: code(row.regno) ?? '', usccs: [uscc], orgCode: uscc?.slice(8, 17) ?? null };
}

/** The record (PRIPID) a change belongs to. */
export const registrationOf = (row: { pripid: string }): string => row.pripid;

/** The registry's internal key (PRIPID) as clients give it: case kept, since the registry's keys may hold lower case. */
export const REGISTRATION_KEY: ArgumentRule = {
  expected: 'a registry internal key (PRIPID: up to 36 letters, digits and hyphens)',
  pattern: /^[0-9A-Za-z-]{1,36}$/,
  caseSensitive: true,
};

export function toRegistration(row: RegistrationRow): Registration {
  const [entityType, entityTypeLabel] = ENTITY_TYPES.decode(row.enttype);
  // A state the code table does not list is OTHER, with the raw code as its label: never guessed as active.
  const [status, statusLabel] = REGISTRY_STATES.decode(row.regstate);
  const uscc = code(row.uniscid);
  const person = text(row.lerep) || text(row.cerno) ? { name: text(row.lerep), idNumber: code(row.cerno) } : null;
  return {
    id: row.pripid,
    uscc: uscc && isAcceptedUscc(uscc) ? uscc : null,
    registrationNumber: code(row.regno),
    name: text(row.entname) ?? '',
    entityType,
    entityTypeLabel,
    legalRepresentative: person,
    registeredCapital: wanToYuan(row.regcap),
    capitalCurrency: text(row.regcapcur),
    establishedOn: row.estdate,
    approvedOn: row.apprdate,
    division: text(row.regorg) ?? '',
    address: text(row.dom),
    businessScope: text(row.opscope),
    industryCode: text(row.industryco),
    status,
    statusLabel,
    revokedOn: row.revdate,
    cancelledOn: row.candate,
    cancellationReason: text(row.canrea),
    migratedOutOn: row.movedate,
    migratedTo: text(row.toregorg),
    phone: text(row.tel),
    // The dates are DATE columns: PostgreSQL holds no impossible date there.
    dataIssues: detectDataIssues([
      { field: 'uscc', kind: 'uscc', value: row.uniscid },
      { field: 'registrationNumber', kind: 'registrationNo', value: row.regno },
      { field: 'name', kind: 'name', value: row.entname },
    ]),
  };
}

export function toChange(row: ChangeRow): RegistrationChange {
  const [item, itemLabel] = CHANGE_ITEMS.decode(row.altitem);
  return { item, itemLabel, before: text(row.altbe), after: text(row.altaf), changedOn: row.altdate };
}
