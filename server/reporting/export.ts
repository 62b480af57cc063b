import 'server-only';
import { ASSIGNMENT_STATUS_LABELS, displayPercent } from '@/lib/labels';
import type { Database } from '../db';
import { allAssignmentRows, type AssignmentRow, type DashboardFilters, type TableQuery } from './dashboard';
import { dateIn } from '../../lib/dates';
import { csvFileNameOf, csvLines, csvStream } from '../platform/csv';

/** The people × assignments table as CSV, as filtered and sorted on the dashboard (see ../platform/csv.ts). */

export const CSV_COLUMNS = [
  'Name',
  'Email',
  'Team',
  'Start date',
  'Module',
  'Module version',
  'Status',
  'Scenarios passed',
  'Scenarios in module',
  'Score (%)',
  'Attempts',
  'Attempts failed by a critical error',
  'Attempts passed faster than they could be read',
  'Assigned on',
  'Due date',
  'Started on',
  'Completed on',
] as const;

function csvCells(row: AssignmentRow, timeZone: string): (string | number)[] {
  const day = (instant: Date | null) => (instant ? dateIn(timeZone, instant) : '');
  return [
    row.name,
    row.email,
    row.team ?? '',
    row.startDate ?? '',
    row.moduleTitle,
    row.moduleVersion,
    ASSIGNMENT_STATUS_LABELS[row.status],
    row.passedCount,
    row.scenarioTotal,
    row.scorePercent === null ? '' : displayPercent(row.scorePercent),
    row.attemptCount,
    row.criticalFailures,
    row.fastPasses,
    day(row.assignedAt),
    row.dueDate,
    day(row.startedAt),
    day(row.completedAt),
  ];
}

/** Lines of CSV (CRLF-terminated) for some rows; with the header line first when asked. */
export function assignmentCsv(rows: readonly AssignmentRow[], timeZone: string, withHeader: boolean): string {
  return csvLines(
    withHeader ? CSV_COLUMNS : null,
    rows.map((row) => csvCells(row, timeZone)),
  );
}

/**
 * The whole filtered table as a stream of CSV, read from the database in chunks so a large export
 * does not sit in memory. Starts with a byte-order mark so spreadsheets read names as UTF-8.
 */
export function assignmentCsvStream(
  db: Database,
  filters: DashboardFilters,
  order: Pick<TableQuery, 'sort' | 'direction'>,
  now: Date,
  timeZone: string,
): ReadableStream<Uint8Array> {
  return csvStream(
    CSV_COLUMNS,
    () => allAssignmentRows(db, filters, order, now, timeZone),
    (row) => csvCells(row, timeZone),
  );
}

/** A file name for an export made today, saying what it holds. */
export function csvFileName(filters: DashboardFilters, now: Date, timeZone: string): string {
  const parts = ['frontline-assignments', dateIn(timeZone, now)];
  if (filters.team) parts.push(filters.team);
  if (filters.status) parts.push(filters.status);
  if (filters.failedByCriticalError) parts.push('critical-failures');
  if (filters.passedFasterThanReading) parts.push('fast-passes');
  return csvFileNameOf(parts);
}
