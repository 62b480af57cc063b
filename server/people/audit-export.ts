import 'server-only';
import type { Database } from '../db';
import { AUDIT_ACTION_LABELS, summariseDetails } from '../../lib/audit-labels';
import { csvFileNameOf, csvLines, csvStream } from '../platform/csv';
import { allAuditEntries, type AuditFilters, type AuditLogEntry, type AuditPerson } from './audit-search';

/**
 * The audit log as CSV, with the page's filters: every matching entry, not one page. Each entry
 * reads as on the page (names, titles, details in words) and keeps what it stores (ids, the
 * details as JSON), so a reader can check one against the other.
 */

export const AUDIT_CSV_COLUMNS = [
  'When (UTC)',
  'Who acted',
  'Their email',
  'Action',
  'Person acted on',
  'Their email',
  'Subject',
  'Subject as stored',
  'Details',
  'Details as stored',
  'Address',
  'Entry id',
] as const;

const name = (person: AuditPerson | null) => person?.name ?? '';
const email = (person: AuditPerson | null) => (person && !person.anonymised ? person.email : '');

export function auditCsvCells(entry: AuditLogEntry): string[] {
  return [
    entry.at.toISOString(),
    name(entry.actor),
    email(entry.actor),
    AUDIT_ACTION_LABELS[entry.action] ?? entry.action,
    name(entry.target),
    email(entry.target),
    entry.subjectTitle ?? entry.subject ?? '',
    entry.subject ?? '',
    summariseDetails(entry.details),
    JSON.stringify(entry.details),
    entry.address ?? '',
    entry.id,
  ];
}

/** Lines of CSV (CRLF-terminated) for some entries; with the header line first when asked. */
export function auditCsv(entries: readonly AuditLogEntry[], withHeader: boolean): string {
  return csvLines(withHeader ? AUDIT_CSV_COLUMNS : null, entries.map(auditCsvCells));
}

/** The filtered log as a stream of CSV, read in chunks. */
export function auditCsvStream(db: Database, filters: AuditFilters): ReadableStream<Uint8Array> {
  return csvStream(AUDIT_CSV_COLUMNS, () => allAuditEntries(db, filters), auditCsvCells);
}

/** frontline-audit-log-2026-12-07.csv, for an export made that day. */
export const auditCsvFileName = (day: string) => csvFileNameOf(['frontline-audit-log', day]);
