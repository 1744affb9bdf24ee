import { registerEnumType } from 'type-graphql';

export enum RegistrationEvent {
  NEW = 'new',
  CHANGED = 'changed',
  MIGRATED = 'migrated',
  DEREGISTERED = 'deregistered',
}
registerEnumType(RegistrationEvent, {
  name: 'RegistrationEvent',
  description: 'A registration event the agencies exchange counts of (task 1).',
  valuesConfig: {
    NEW: { description: 'A new registration (licence, or tax registration).' },
    CHANGED: { description: 'A change of registered particulars (address, name, representative).' },
    MIGRATED: { description: 'Moved out to another area.' },
    DEREGISTERED: { description: 'Cancelled or deregistered.' },
  },
});
