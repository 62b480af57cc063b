import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { PRINCIPLES } from '@/machines';
import type { AssignmentStatus } from '../onboarding/assignments';
import type { Database } from '../db';
import { HttpError } from '../platform/errors';
import { addDays, dateIn, isRealDate } from '../../lib/dates';
import { UUID_PATTERN } from '@/lib/uuid';

/**
 * The HR dashboard's figures (docs/decisions/016-hr-reporting.md). Everything reads the progress
 * columns kept on each assignment and the per-person principle totals, so no query walks attempts.
 *
 * The rows are the assignments people hold now: active people, each module once per person (the
 * assignment marked current: due first, as the trainee's home shows it).
 */

export const DASHBOARD_STATUSES = ['overdue', 'not-started', 'in-progress', 'completed-late', 'completed'] as const satisfies readonly AssignmentStatus[];

export interface DashboardFilters {
  team: string | null;
  /** Inclusive range of start dates (YYYY-MM-DD): a cohort. */
  cohortFrom: string | null;
  cohortTo: string | null;
  moduleId: string | null;
  status: AssignmentStatus | null;
  /**
   * Only the assignments whose person failed one of the module's scenarios by a critical error,
   * counting the attempts the row's Attempts column counts.
   */
  failedByCriticalError: boolean;
  /** Only the assignments whose person passed one of the module's scenarios faster than it could be read (decision 041), counted likewise. */
  passedFasterThanReading: boolean;
}

export const NO_FILTERS: DashboardFilters = {
  team: null,
  cohortFrom: null,
  cohortTo: null,
  moduleId: null,
  status: null,
  failedByCriticalError: false,
  passedFasterThanReading: false,
};

/** The query parameter of the critical-error filter, and its one value (a checkbox's). */
export const CRITICAL_FAILURE_PARAM = 'criticalFailure';
export const CRITICAL_FAILURE_VALUE = 'yes';
/** The query parameter of the fast-pass filter, and its one value. */
export const FAST_PASS_PARAM = 'fastPass';
export const FAST_PASS_VALUE = 'yes';

export const TABLE_SORTS = ['name', 'team', 'module', 'status', 'due', 'score', 'attempts', 'completed'] as const;
export type TableSort = (typeof TABLE_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;

export interface TableQuery {
  sort: TableSort;
  direction: 'asc' | 'desc';
  /** 1-based. */
  page: number;
  pageSize: number;
}

export const DEFAULT_TABLE_QUERY: TableQuery = { sort: 'status', direction: 'asc', page: 1, pageSize: 50 };

// ---- Reading filters from a URL ----

const day = (label: string) => z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v), { message: `${label} must be a date written YYYY-MM-DD` });

/** Query parameters; an empty one is as good as absent (a form submits empty fields). */
const dashboardQuerySchema = z
  .object({
    team: z.string().max(100, 'team is longer than 100 characters'),
    cohortFrom: day('cohortFrom'),
    cohortTo: day('cohortTo'),
    moduleId: z.string().regex(UUID_PATTERN, 'moduleId is not a module id'),
    status: z.enum(DASHBOARD_STATUSES, { error: `status must be one of ${DASHBOARD_STATUSES.join(', ')}` }),
    [CRITICAL_FAILURE_PARAM]: z.literal(CRITICAL_FAILURE_VALUE, {
      error: `${CRITICAL_FAILURE_PARAM} must be "${CRITICAL_FAILURE_VALUE}" (only people who failed one of the module's scenarios by a critical error), or left out`,
    }),
    [FAST_PASS_PARAM]: z.literal(FAST_PASS_VALUE, {
      error: `${FAST_PASS_PARAM} must be "${FAST_PASS_VALUE}" (only people who passed one of the module's scenarios faster than it could be read), or left out`,
    }),
    sort: z.enum(TABLE_SORTS, { error: `sort must be one of ${TABLE_SORTS.join(', ')}` }),
    direction: z.enum(['asc', 'desc'], { error: 'direction must be asc or desc' }),
    page: z.string().regex(/^[1-9]\d{0,5}$/, 'page must be a whole number from 1'),
    pageSize: z.enum(PAGE_SIZES.map(String) as [string, ...string[]], { error: `pageSize must be one of ${PAGE_SIZES.join(', ')}` }),
  })
  .partial()
  .refine((q) => !q.cohortFrom || !q.cohortTo || q.cohortFrom <= q.cohortTo, { message: 'cohortTo is before cohortFrom', path: ['cohortTo'] });

export type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

/** The dashboard's filters and table order from a query string; a bad value is a 400 naming the parameter. */
export function readDashboardQuery(params: SearchParams): { filters: DashboardFilters; table: TableQuery } {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  const given = Object.fromEntries(entries.map(([k, v]) => [k, v?.trim()]).filter(([, v]) => v));
  const parsed = dashboardQuerySchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError(400, 'invalid-query', issue.message, { field: String(issue.path[0] ?? '') });
  }
  const q = parsed.data;
  return {
    filters: {
      team: q.team ?? null,
      cohortFrom: q.cohortFrom ?? null,
      cohortTo: q.cohortTo ?? null,
      moduleId: q.moduleId ?? null,
      status: q.status ?? null,
      failedByCriticalError: q[CRITICAL_FAILURE_PARAM] === CRITICAL_FAILURE_VALUE,
      passedFasterThanReading: q[FAST_PASS_PARAM] === FAST_PASS_VALUE,
    },
    table: {
      sort: q.sort ?? DEFAULT_TABLE_QUERY.sort,
      direction: q.direction ?? (q.sort ? 'asc' : DEFAULT_TABLE_QUERY.direction),
      page: q.page ? Number(q.page) : 1,
      pageSize: q.pageSize ? Number(q.pageSize) : DEFAULT_TABLE_QUERY.pageSize,
    },
  };
}

/** The query string for these filters and table order, leaving out defaults. */
export function dashboardQueryString(filters: DashboardFilters, table: Partial<TableQuery> = {}): string {
  const params = new URLSearchParams();
  for (const key of ['team', 'cohortFrom', 'cohortTo', 'moduleId', 'status'] as const) if (filters[key]) params.set(key, filters[key]);
  if (filters.failedByCriticalError) params.set(CRITICAL_FAILURE_PARAM, CRITICAL_FAILURE_VALUE);
  if (filters.passedFasterThanReading) params.set(FAST_PASS_PARAM, FAST_PASS_VALUE);
  if (table.sort && table.sort !== DEFAULT_TABLE_QUERY.sort) params.set('sort', table.sort);
  if (table.direction && (table.direction !== DEFAULT_TABLE_QUERY.direction || (table.sort && table.sort !== DEFAULT_TABLE_QUERY.sort))) params.set('direction', table.direction);
  if (table.page && table.page > 1) params.set('page', String(table.page));
  if (table.pageSize && table.pageSize !== DEFAULT_TABLE_QUERY.pageSize) params.set('pageSize', String(table.pageSize));
  const text = params.toString();
  return text ? `?${text}` : '';
}

// ---- The rows ----

/** Conditions on the person (u) and module version (mv) that every figure shares. */
function peopleAndModule(filters: DashboardFilters): SQL {
  const parts: SQL[] = [sql`u.active`];
  if (filters.team) parts.push(sql`u.team = ${filters.team}`);
  if (filters.cohortFrom) parts.push(sql`u.start_date >= ${filters.cohortFrom}::date`);
  if (filters.cohortTo) parts.push(sql`u.start_date <= ${filters.cohortTo}::date`);
  if (filters.moduleId) parts.push(sql`mv.module_id = ${filters.moduleId}::uuid`);
  return sql.join(parts, sql` AND `);
}

/**
 * An assignment's status (alias `a`), worked out as assignmentStatus does: overdue once the due
 * day has ended in the organisation's zone, completed late when completed after that.
 */
function statusOf(now: Date, timeZone: string): SQL {
  const today = dateIn(timeZone, now);
  return sql`(CASE
    WHEN a.completed_at IS NOT NULL THEN
      CASE WHEN a.completed_at >= ((a.due_date + 1)::timestamp AT TIME ZONE ${timeZone}) THEN 'completed-late' ELSE 'completed' END
    WHEN a.due_date < ${today}::date THEN 'overdue'
    WHEN a.attempt_count > 0 OR a.passed_count > 0 THEN 'in-progress'
    ELSE 'not-started'
  END)`;
}

/**
 * The person's attempts (t) that an assignment (a) of a module version (mv) counts, as its
 * Attempts column does (refreshAssignmentProgress): on one of the module's steps (a scenario, or a
 * variant of a pool), started before the assignment was completed or unassigned, and started or
 * finished after it was made.
 */
const countedAttempts = (conditions: SQL) => sql`attempts t
    JOIN scenario_versions sv ON sv.id = t.scenario_version_id
    WHERE t.user_id = a.user_id AND ${conditions}
      AND t.started_at <= coalesce(a.completed_at, a.unassigned_at, 'infinity'::timestamptz)
      AND (t.started_at >= a.assigned_at OR t.completed_at >= a.assigned_at)
      AND (mv.scenario_ids @> jsonb_build_array(sv.scenario_id)
        OR (sv.pool_id IS NOT NULL AND mv.scenario_ids @> jsonb_build_array('pool:' || sv.pool_id)))`;

/** Failed by a critical error: any fails the attempt, and the count is set when it ends. */
const FAILED_BY_CRITICAL = sql`t.critical_errors > 0 AND t.passed = false`;

/** Passed faster than it could be read: set when the attempt ends (decision 041). */
const FAST_PASS = sql`t.faster_than_reading`;

/** The joins and conditions every figure shares: current assignments (a) of active people (u) in the filter, with their module version (mv). */
function inFilter(filters: DashboardFilters, now: Date, timeZone: string, withStatus: boolean): SQL {
  const status = withStatus && filters.status ? sql` AND ${statusOf(now, timeZone)} = ${filters.status}` : sql``;
  const critical = filters.failedByCriticalError ? sql` AND EXISTS (SELECT 1 FROM ${countedAttempts(FAILED_BY_CRITICAL)})` : sql``;
  const fast = filters.passedFasterThanReading ? sql` AND EXISTS (SELECT 1 FROM ${countedAttempts(FAST_PASS)})` : sql``;
  return sql`assignments a
    JOIN module_versions mv ON mv.id = a.module_version_id
    JOIN users u ON u.id = a.user_id
    WHERE a.is_current AND ${peopleAndModule(filters)}${status}${critical}${fast}`;
}

/** The current assignments in the filter (status aside) with their status, for counting. */
function currentAssignments(filters: DashboardFilters, now: Date, timeZone: string): SQL {
  return sql`current_assignments AS (
    SELECT a.id, a.assigned_at, a.completed_at, ${statusOf(now, timeZone)} AS status FROM ${inFilter({ ...filters, status: null }, now, timeZone, false)}
  )`;
}

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// ---- Summary ----

export interface DashboardSummary {
  assigned: number;
  /** Completed, on time or late. */
  completed: number;
  completedLate: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  /** completed / assigned, 0–1; null with nothing assigned. */
  completionRate: number | null;
  /** Median of the days from being assigned to completing, over the completed; null with none. */
  medianDaysToComplete: number | null;
}

/** The counts at a glance. The status filter does not apply: the summary is what it breaks down. */
export async function dashboardSummary(db: Database, filters: DashboardFilters, now: Date, timeZone: string): Promise<DashboardSummary> {
  const [row] = await rows<Record<string, string | number | null>>(
    db,
    sql`WITH ${currentAssignments(filters, now, timeZone)}
      SELECT count(*)::int AS assigned,
        (count(*) FILTER (WHERE completed_at IS NOT NULL))::int AS completed,
        (count(*) FILTER (WHERE status = 'completed-late'))::int AS completed_late,
        (count(*) FILTER (WHERE status = 'in-progress'))::int AS in_progress,
        (count(*) FILTER (WHERE status = 'not-started'))::int AS not_started,
        (count(*) FILTER (WHERE status = 'overdue'))::int AS overdue,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - assigned_at) / 86400) FILTER (WHERE completed_at IS NOT NULL) AS median_days
      FROM current_assignments`,
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  const assigned = n('assigned');
  const median = row?.median_days;
  return {
    assigned,
    completed: n('completed'),
    completedLate: n('completed_late'),
    inProgress: n('in_progress'),
    notStarted: n('not_started'),
    overdue: n('overdue'),
    completionRate: assigned ? n('completed') / assigned : null,
    medianDaysToComplete: median === null || median === undefined ? null : Number(median),
  };
}

// ---- Completions per week ----

export interface WeekOfCompletions {
  /** The Monday the week starts on, in the organisation's zone (YYYY-MM-DD). */
  weekStart: string;
  completed: number;
  /** Of those, completed after their due day. */
  late: number;
}

/** Monday of the week a date falls in. */
export function weekStartOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** Completions in each of the last `weeks` weeks (this one included, oldest first), in the filter. */
export async function weeklyCompletions(db: Database, filters: DashboardFilters, now: Date, timeZone: string, weeks = 12): Promise<WeekOfCompletions[]> {
  const thisWeek = weekStartOf(dateIn(timeZone, now));
  const first = addDays(thisWeek, -7 * (weeks - 1));
  const counted = await rows<{ week_start: string | Date; completed: number; late: number }>(
    db,
    sql`WITH ${currentAssignments({ ...filters, status: null }, now, timeZone)}
      SELECT to_char(date_trunc('week', completed_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS week_start,
        count(*)::int AS completed, (count(*) FILTER (WHERE status = 'completed-late'))::int AS late
      FROM current_assignments
      WHERE completed_at >= (${first}::date::timestamp AT TIME ZONE ${timeZone})
      GROUP BY 1`,
  );
  const byWeek = new Map(counted.map((r) => [String(r.week_start), r]));
  return Array.from({ length: weeks }, (_, i) => {
    const weekStart = addDays(first, 7 * i);
    const found = byWeek.get(weekStart);
    return { weekStart, completed: Number(found?.completed ?? 0), late: Number(found?.late ?? 0) };
  });
}

// ---- The table ----

export interface AssignmentRow {
  assignmentId: string;
  userId: string;
  name: string;
  email: string;
  team: string | null;
  startDate: string | null;
  moduleId: string;
  moduleTitle: string;
  moduleVersion: number;
  assignedAt: Date;
  dueDate: string;
  status: AssignmentStatus;
  passedCount: number;
  scenarioTotal: number;
  attemptCount: number;
  /** Of those attempts, the ones failed by a critical error. */
  criticalFailures: number;
  /** Of those attempts, the passes faster than their text could be read. */
  fastPasses: number;
  scorePercent: number | null;
  startedAt: Date | null;
  completedAt: Date | null;
}

export interface AssignmentPage {
  rows: AssignmentRow[];
  /** Rows in the filter, all pages. */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

function sortKey(sort: TableSort, now: Date, timeZone: string): SQL {
  switch (sort) {
    case 'name':
      return sql`lower(u.name)`;
    case 'team':
      return sql`lower(u.team)`;
    case 'module':
      return sql`lower(mv.title)`;
    case 'status':
      // Most urgent first.
      return sql`CASE ${statusOf(now, timeZone)} WHEN 'overdue' THEN 0 WHEN 'not-started' THEN 1 WHEN 'in-progress' THEN 2 WHEN 'completed-late' THEN 3 ELSE 4 END`;
    case 'due':
      return sql`a.due_date`;
    case 'score':
      return sql`a.score_percent`;
    case 'attempts':
      return sql`a.attempt_count`;
    case 'completed':
      return sql`a.completed_at`;
  }
}

function orderBy(query: Pick<TableQuery, 'sort' | 'direction'>, now: Date, timeZone: string): SQL {
  const direction = query.direction === 'desc' ? sql`DESC` : sql`ASC`;
  // Empty values last either way; then a fixed order so pages never overlap.
  return sql`ORDER BY ${sortKey(query.sort, now, timeZone)} ${direction} NULLS LAST, lower(u.name) ASC, lower(mv.title) ASC, a.id ASC`;
}

interface RawRow {
  id: string;
  user_id: string;
  module_id: string;
  module_title: string;
  module_version: number;
  scenario_total: number;
  name: string;
  email: string;
  team: string | null;
  start_date: string | Date | null;
  assigned_at: string | Date;
  due_date: string | Date;
  completed_at: string | Date | null;
  started_at: string | Date | null;
  attempt_count: number;
  critical_failures: number | string;
  fast_passes: number | string;
  passed_count: number;
  score_percent: number | string | null;
  status: AssignmentStatus;
}

// Raw queries return dates as the driver gives them: node-postgres parses timestamps and dates, PGlite too, but not always alike.
const instant = (value: string | Date | null): Date | null => (value === null ? null : value instanceof Date ? value : new Date(value));
const calendarDate = (value: string | Date | null): string | null =>
  value === null
    ? null
    : value instanceof Date
      ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`
      : value.slice(0, 10);

function toRow(r: RawRow): AssignmentRow {
  return {
    assignmentId: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    team: r.team,
    startDate: calendarDate(r.start_date),
    moduleId: r.module_id,
    moduleTitle: r.module_title,
    moduleVersion: Number(r.module_version),
    assignedAt: instant(r.assigned_at)!,
    dueDate: calendarDate(r.due_date)!,
    status: r.status,
    passedCount: Number(r.passed_count),
    scenarioTotal: Number(r.scenario_total),
    attemptCount: Number(r.attempt_count),
    criticalFailures: Number(r.critical_failures),
    fastPasses: Number(r.fast_passes),
    scorePercent: r.score_percent === null ? null : Number(r.score_percent),
    startedAt: instant(r.started_at),
    completedAt: instant(r.completed_at),
  };
}

/**
 * The module's steps that count for the person (decision 035): all but the scenarios retired
 * (archived) that they had not passed within the assignment. Pools count as steps here.
 */
const stepsThatCount = sql`(SELECT count(*) FROM jsonb_array_elements_text(mv.scenario_ids) AS step(id)
      WHERE NOT EXISTS (SELECT 1 FROM scenarios s WHERE s.id = step.id AND s.archived_at IS NOT NULL)
        OR EXISTS (SELECT 1 FROM attempts t JOIN scenario_versions sv ON sv.id = t.scenario_version_id
          WHERE t.user_id = a.user_id AND sv.scenario_id = step.id AND t.passed
            AND t.completed_at >= a.assigned_at AND t.completed_at <= coalesce(a.completed_at, a.unassigned_at, 'infinity'::timestamptz)))::int`;

/**
 * The details of the given assignments (ids in one page or chunk). The page's ids are chosen
 * first on the sort keys alone; the rest of each row, its counts of critical failures and fast passes included, is
 * worked out only for the rows shown.
 */
const rowsWithIds = (ids: SQL, now: Date, timeZone: string) =>
  sql`SELECT a.id, a.user_id, mv.module_id, mv.title AS module_title, mv.version AS module_version,
      ${stepsThatCount} AS scenario_total, u.name, u.email, u.team,
      to_char(u.start_date, 'YYYY-MM-DD') AS start_date, a.assigned_at, to_char(a.due_date, 'YYYY-MM-DD') AS due_date,
      a.completed_at, a.started_at, a.attempt_count, a.passed_count, a.score_percent, ${statusOf(now, timeZone)} AS status,
      (SELECT count(*) FROM ${countedAttempts(FAILED_BY_CRITICAL)})::int AS critical_failures,
      (SELECT count(*) FROM ${countedAttempts(FAST_PASS)})::int AS fast_passes
    FROM (${ids}) AS page
    JOIN assignments a ON a.id = page.id
    JOIN module_versions mv ON mv.id = a.module_version_id
    JOIN users u ON u.id = a.user_id`;

const tableRows = (filters: DashboardFilters, order: Pick<TableQuery, 'sort' | 'direction'>, now: Date, timeZone: string, limit: number, offset: number) =>
  sql`${rowsWithIds(sql`SELECT a.id FROM ${inFilter(filters, now, timeZone, true)} ${orderBy(order, now, timeZone)} LIMIT ${limit} OFFSET ${offset}`, now, timeZone)}
    ${orderBy(order, now, timeZone)}`;

/** One page of the people × assignments table, filtered and sorted on the server. */
export async function assignmentTable(db: Database, filters: DashboardFilters, query: TableQuery, now: Date, timeZone: string): Promise<AssignmentPage> {
  const pageSize = query.pageSize;
  const [counted] = await rows<{ total: number | string }>(db, sql`SELECT count(*) AS total FROM ${inFilter(filters, now, timeZone, true)}`);
  const total = Number(counted?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const found = total ? await rows<RawRow>(db, tableRows(filters, query, now, timeZone, pageSize, (page - 1) * pageSize)) : [];
  return { rows: found.map(toRow), total, page, pageSize, pageCount };
}

/** The people with an overdue module in the filter (whatever its status filter says), for HR's reminder to them all. */
export async function overduePeople(db: Database, filters: DashboardFilters, now: Date, timeZone: string): Promise<string[]> {
  const found = await rows<{ user_id: string }>(db, sql`SELECT DISTINCT a.user_id FROM ${inFilter({ ...filters, status: 'overdue' }, now, timeZone, true)}`);
  return found.map((r) => r.user_id);
}

/**
 * Every row of the table in the filter and order, in chunks, for exports. The order is fixed once,
 * from one query of ids: paging with OFFSET instead would skip or repeat people whose status (and
 * so their place in the order) changes while a large export is read.
 */
export async function* allAssignmentRows(
  db: Database,
  filters: DashboardFilters,
  query: Pick<TableQuery, 'sort' | 'direction'>,
  now: Date,
  timeZone: string,
  chunk = 2000,
): AsyncGenerator<AssignmentRow[]> {
  const ordered = (await rows<{ id: string }>(db, sql`SELECT a.id FROM ${inFilter(filters, now, timeZone, true)} ${orderBy(query, now, timeZone)}`)).map((r) => r.id);
  for (let start = 0; start < ordered.length; start += chunk) {
    const ids = ordered.slice(start, start + chunk);
    const found = await rows<RawRow>(db, rowsWithIds(sql`SELECT unnest(${`{${ids.join(',')}}`}::uuid[]) AS id`, now, timeZone));
    const byId = new Map(found.map((r) => [r.id, r]));
    // A person erased meanwhile has no row any more: the export is as of each chunk's reading.
    yield ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toRow(row)] : [];
    });
  }
}

// ---- Team × principle ----

export interface HeatmapCell {
  /** Mean of the principle's percent over the team's finished attempts that scored it. */
  averagePercent: number;
  attempts: number;
}

export interface PrincipleHeatmap {
  principles: { id: string; name: string }[];
  /** Teams in the filter, by name; a cell is null where no attempt of the team scored the principle. */
  teams: { team: string; people: number; cells: (HeatmapCell | null)[] }[];
}

/**
 * Average score per principle for each team, over every finished attempt of the team's active
 * members (people: those with a finished attempt). Follows the team and cohort filters; module and status describe assignments, not people.
 */
export async function principleHeatmap(db: Database, filters: DashboardFilters): Promise<PrincipleHeatmap> {
  const people: SQL[] = [sql`u.active`, sql`u.team IS NOT NULL`];
  if (filters.team) people.push(sql`u.team = ${filters.team}`);
  if (filters.cohortFrom) people.push(sql`u.start_date >= ${filters.cohortFrom}::date`);
  if (filters.cohortTo) people.push(sql`u.start_date <= ${filters.cohortTo}::date`);
  const where = sql.join(people, sql` AND `);
  const found = await rows<{ team: string; principle_id: string; percent_sum: number; attempts: number }>(
    db,
    sql`SELECT u.team, p.principle_id, sum(p.percent_sum) AS percent_sum, sum(p.attempt_count)::int AS attempts
      FROM principle_totals p JOIN users u ON u.id = p.user_id
      WHERE ${where}
      GROUP BY u.team, p.principle_id`,
  );
  const counted = await rows<{ team: string; people: number }>(
    db,
    sql`SELECT u.team, count(*)::int AS people FROM users u
      WHERE ${where} AND EXISTS (SELECT 1 FROM principle_totals p WHERE p.user_id = u.id)
      GROUP BY u.team`,
  );
  const peopleOf = new Map(counted.map((r) => [r.team, Number(r.people)]));
  const principles = PRINCIPLES.map((p) => ({ id: p.id, name: p.name }));
  const teams = new Map<string, Map<string, HeatmapCell>>();
  for (const r of found) {
    if (!teams.has(r.team)) teams.set(r.team, new Map());
    const attempts = Number(r.attempts);
    if (attempts > 0) teams.get(r.team)!.set(r.principle_id, { averagePercent: Number(r.percent_sum) / attempts, attempts });
  }
  return {
    principles,
    teams: [...teams.keys()]
      .sort((a, b) => a.localeCompare(b))
      .map((team) => ({ team, people: peopleOf.get(team) ?? 0, cells: principles.map((p) => teams.get(team)!.get(p.id) ?? null) })),
  };
}

// ---- A module's fast passes ----

export interface ModuleFastPass {
  attemptId: string;
  userId: string;
  name: string;
  scenarioTitle: string;
  completedAt: Date;
  readingMs: number;
  answeringMs: number;
}

/**
 * The passes of a module's scenarios faster than their text could be read (decision 041), newest
 * first, as its assignments count them (any version, active people), for the module's page.
 */
export async function moduleFastPasses(db: Database, moduleId: string, limit = 50): Promise<{ passes: ModuleFastPass[]; total: number }> {
  const found = await rows<{
    attempt_id: string;
    user_id: string;
    name: string;
    title: string;
    completed_at: string | Date;
    reading_ms: number;
    answering_ms: number;
  }>(
    db,
    sql`SELECT DISTINCT ON (f.id) f.id AS attempt_id, u.id AS user_id, u.name, f.title, f.completed_at, f.reading_ms, f.answering_ms
      FROM assignments a
      JOIN module_versions mv ON mv.id = a.module_version_id
      JOIN users u ON u.id = a.user_id
      CROSS JOIN LATERAL (SELECT t.id, sv.title, t.completed_at, t.reading_ms, t.answering_ms FROM ${countedAttempts(FAST_PASS)}) f
      WHERE mv.module_id = ${moduleId}::uuid AND u.active
      ORDER BY f.id`,
  );
  const passes = found
    .map((r) => ({
      attemptId: r.attempt_id,
      userId: r.user_id,
      name: r.name,
      scenarioTitle: r.title,
      completedAt: instant(r.completed_at)!,
      readingMs: Number(r.reading_ms),
      answeringMs: Number(r.answering_ms),
    }))
    .sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime());
  return { passes: passes.slice(0, limit), total: passes.length };
}
