import 'server-only';
import Papa from 'papaparse';
import { ASSIGNMENT_STATUS_LABELS, displayPercent } from '@/lib/labels';
import type { Database } from '../db';
import { allAssignmentRows, type AssignmentRow, type DashboardFilters, type TableQuery } from './dashboard';
import { dateIn } from '../../lib/dates';

/**
 * The people × assignments table as CSV, as filtered and sorted on the dashboard. Every text cell
 * is quoted, so a spreadsheet that splits lines on another separator (; or a tab) still reads
 * "Bob;=1+1" as one cell and never as a cell starting "=1+1". Cells that a spreadsheet would read
 * as a formula are also written as text (a leading apostrophe): any text whose first visible
 * character is = + - @ (or their full-width forms), or that starts with a tab or a line break.
 * Numbers stay numbers, unquoted.
 */

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

export const FORMULA_START = /^[\s\u0000-\u001f]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

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
  const data = rows.map((row) => csvCells(row, timeZone));
  const text = Papa.unparse(withHeader ? { fields: [...CSV_COLUMNS], data } : data, {
    newline: '\r\n',
    escapeFormulae: FORMULA_START,
    header: withHeader,
    quotes: (value: unknown) => typeof value === 'string',
  });
  // Papaparse ends a header with no data after it with a line break of its own.
  const lines = text.replace(/(\r\n)+$/, '');
  return lines ? `${lines}\r\n` : '';
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
  const encoder = new TextEncoder();
  let rows: AsyncGenerator<AssignmentRow[]> | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${assignmentCsv([], timeZone, true)}`));
    },
    async pull(controller) {
      rows ??= allAssignmentRows(db, filters, order, now, timeZone);
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(assignmentCsv(next.value, timeZone, false)));
    },
    async cancel() {
      await rows?.return(undefined);
    },
  });
}

/** A file name for an export made today, saying what it holds. */
export function csvFileName(filters: DashboardFilters, now: Date, timeZone: string): string {
  const parts = ['frontline-assignments', dateIn(timeZone, now)];
  if (filters.team) parts.push(filters.team);
  if (filters.status) parts.push(filters.status);
  if (filters.failedByCriticalError) parts.push('critical-failures');
  if (filters.passedFasterThanReading) parts.push('fast-passes');
  return `${parts
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')}.csv`;
}
