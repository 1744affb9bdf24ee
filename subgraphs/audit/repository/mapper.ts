import type { AccessLogEntry } from '../types/access-log-entry';
import type { AccessRow } from './audit.repository';

export function toAccessLogEntry(r: AccessRow): AccessLogEntry {
  return {
    at: r.at,
    subject: r.subject,
    role: r.role,
    bank: r.bank,
    purpose: r.purpose,
    operationName: r.operation_name,
    requestId: r.request_id,
    outcome: r.outcome,
  };
}
