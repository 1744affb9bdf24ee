import { connectionType } from '../../kit/connection';
import { FindingCase } from './finding-case';

export const FindingCaseConnection = connectionType(
  FindingCase,
  'FindingCase',
  'A page of cases in finding id order (Relay connection, keyset cursors), with how many match in all.',
);
