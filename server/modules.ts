import 'server-only';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { hasRole, ROLES_THAT } from './auth/roles';
import type { Database } from './db';
import { assignmentRules, assignments, modules, moduleVersions, scenarios, scenarioVersions, type ModuleVersion, type User } from './db/schema';
import { HttpError, RecordNotFoundError } from './errors';

/**
 * Onboarding modules: an ordered list of scenarios to pass, with a default due period. A module's
 * content lives in versions; editing adds a version, and people already assigned keep theirs
 * (docs/decisions/014-modules-and-assignments.md).
 */

export const MODULE_TITLE_MAX = 200;
export const MODULE_DESCRIPTION_MAX = 5_000;
export const MODULE_SCENARIOS_MAX = 50;
export const DUE_DAYS_MAX = 365;

export interface ModuleInput {
  title: string;
  description?: string;
  /** In the order they are meant to be played. */
  scenarioIds: string[];
  defaultDueDays: number;
}

export interface ModuleScenario {
  id: string;
  /** The title of its newest version. */
  title: string;
}

export interface ModuleSummary {
  id: string;
  version: number;
  title: string;
  scenarioCount: number;
  defaultDueDays: number;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ModuleDetail extends ModuleSummary {
  description: string;
  scenarios: ModuleScenario[];
  versionId: string;
  versions: { id: string; version: number; title: string; createdAt: Date; createdBy: string }[];
  rules: {
    id: string;
    kind: string;
    userId: string | null;
    team: string | null;
    cohortFrom: string | null;
    cohortTo: string | null;
    dueDate: string | null;
    createdAt: Date;
    removedAt: Date | null;
    /** People holding the module through this rule, including those unassigned or done. */
    assigned: number;
    completed: number;
  }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertManagesModules(actor: Pick<User, 'role'>): void {
  if (!hasRole(actor, ROLES_THAT.manageModules)) throw new HttpError(403, 'forbidden', 'Your role does not allow managing training modules.');
}

const invalid = (field: string, message: string) => new HttpError(400, 'invalid-module', message, { field });

/** The input checked and tidied, or a 400 naming the field and what is wrong with it. */
async function checkedInput(db: Database, input: ModuleInput): Promise<Required<ModuleInput>> {
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (!title) throw invalid('title', 'The title is empty: give the module a title.');
  if (title.length > MODULE_TITLE_MAX) throw invalid('title', `The title is ${title.length} characters long; use at most ${MODULE_TITLE_MAX}.`);
  const description = typeof input.description === 'string' ? input.description.trim() : '';
  if (description.length > MODULE_DESCRIPTION_MAX) {
    throw invalid('description', `The description is ${description.length} characters long; use at most ${MODULE_DESCRIPTION_MAX}.`);
  }
  const days = input.defaultDueDays;
  if (!Number.isInteger(days) || days < 1 || days > DUE_DAYS_MAX) {
    throw invalid('defaultDueDays', `The default due period must be a whole number of days from 1 to ${DUE_DAYS_MAX}, not ${JSON.stringify(days)}.`);
  }
  const ids = input.scenarioIds;
  if (!Array.isArray(ids) || !ids.length) throw invalid('scenarioIds', 'The module has no scenarios: add at least one.');
  if (ids.length > MODULE_SCENARIOS_MAX) throw invalid('scenarioIds', `The module has ${ids.length} scenarios; use at most ${MODULE_SCENARIOS_MAX}.`);
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !id.trim()) throw invalid(`scenarioIds[${i}]`, `Scenario ${i + 1} has no id.`);
    const first = ids.indexOf(id);
    if (first !== i) throw invalid(`scenarioIds[${i}]`, `Scenario ${i + 1} ("${id}") is already in the module as scenario ${first + 1}.`);
  });
  const playable = new Set(
    (
      await db
        .select({ id: scenarios.id })
        .from(scenarios)
        .where(
          and(
            inArray(scenarios.id, ids),
            isNull(scenarios.archivedAt),
            sql`exists (select 1 from ${scenarioVersions} where ${scenarioVersions.scenarioId} = ${scenarios.id})`,
          ),
        )
    ).map((r) => r.id),
  );
  const missing = ids.findIndex((id) => !playable.has(id));
  if (missing >= 0) throw invalid(`scenarioIds[${missing}]`, `Scenario ${missing + 1} ("${ids[missing]}") does not exist or is archived, so it cannot be played.`);
  return { title, description, scenarioIds: [...ids], defaultDueDays: days };
}

async function findModule(db: Database, moduleId: string, forUpdate = false) {
  if (typeof moduleId !== 'string' || !UUID.test(moduleId)) throw new RecordNotFoundError('module');
  const query = db.select().from(modules).where(eq(modules.id, moduleId));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new RecordNotFoundError('module');
  return row;
}

/** The module's newest version (the one new assignments are pinned to). */
export async function latestModuleVersion(db: Database, moduleId: string): Promise<ModuleVersion> {
  const [row] = await db.select().from(moduleVersions).where(eq(moduleVersions.moduleId, moduleId)).orderBy(desc(moduleVersions.version)).limit(1);
  if (!row) throw new RecordNotFoundError('module');
  return row;
}

/** Titles of scenarios at their newest version, by id. */
export async function scenarioTitles(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectDistinctOn([scenarioVersions.scenarioId], { id: scenarioVersions.scenarioId, title: scenarioVersions.title })
    .from(scenarioVersions)
    .where(inArray(scenarioVersions.scenarioId, [...ids]))
    .orderBy(scenarioVersions.scenarioId, desc(scenarioVersions.version));
  return new Map(rows.map((r) => [r.id, r.title]));
}

export async function createModule(db: Database, actor: User, input: ModuleInput, now = new Date()): Promise<ModuleDetail> {
  assertManagesModules(actor);
  const checked = await checkedInput(db, input);
  const moduleId = await db.transaction(async (tx) => {
    const [created] = await tx.insert(modules).values({ createdBy: actor.id, createdAt: now }).returning();
    await tx.insert(moduleVersions).values({ moduleId: created!.id, version: 1, ...checked, createdBy: actor.id, createdAt: now });
    return created!.id;
  });
  return moduleDetail(db, actor, moduleId);
}

/** Saves the input as the module's next version; assignments made before keep the version they have. */
export async function updateModule(db: Database, actor: User, moduleId: string, input: ModuleInput, now = new Date()): Promise<ModuleDetail> {
  assertManagesModules(actor);
  await findModule(db, moduleId);
  const checked = await checkedInput(db, input);
  await db.transaction(async (tx) => {
    // Locked so two edits at once get consecutive version numbers.
    const module = await findModule(tx, moduleId, true);
    if (module.archivedAt) throw new HttpError(409, 'archived', 'This module is archived and can no longer be changed.');
    const latest = await latestModuleVersion(tx, moduleId);
    await tx.insert(moduleVersions).values({ moduleId, version: latest.version + 1, ...checked, createdBy: actor.id, createdAt: now });
  });
  return moduleDetail(db, actor, moduleId);
}

export async function listModules(db: Database, actor: User): Promise<ModuleSummary[]> {
  assertManagesModules(actor);
  const rows = await db
    .selectDistinctOn([moduleVersions.moduleId], { module: modules, version: moduleVersions })
    .from(moduleVersions)
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .orderBy(moduleVersions.moduleId, desc(moduleVersions.version));
  return rows
    .map(({ module, version }) => ({
      id: module.id,
      version: version.version,
      title: version.title,
      scenarioCount: version.scenarioIds.length,
      defaultDueDays: version.defaultDueDays,
      archived: module.archivedAt !== null,
      createdAt: module.createdAt,
      updatedAt: version.createdAt,
    }))
    .sort((a, b) => Number(a.archived) - Number(b.archived) || a.title.localeCompare(b.title));
}

export async function moduleDetail(db: Database, actor: User, moduleId: string): Promise<ModuleDetail> {
  assertManagesModules(actor);
  const module = await findModule(db, moduleId);
  const versions = await db.select().from(moduleVersions).where(eq(moduleVersions.moduleId, module.id)).orderBy(desc(moduleVersions.version));
  const latest = versions[0]!;
  const titles = await scenarioTitles(db, latest.scenarioIds);
  const rules = await db.select().from(assignmentRules).where(eq(assignmentRules.moduleId, module.id)).orderBy(asc(assignmentRules.createdAt));
  const counts = rules.length
    ? await db
        .select({
          ruleId: assignments.ruleId,
          assigned: sql<number>`count(*)`.mapWith(Number),
          completed: sql<number>`count(${assignments.completedAt})`.mapWith(Number),
        })
        .from(assignments)
        .where(inArray(assignments.ruleId, rules.map((r) => r.id)))
        .groupBy(assignments.ruleId)
    : [];
  const countOf = new Map(counts.map((c) => [c.ruleId, c]));
  return {
    id: module.id,
    version: latest.version,
    versionId: latest.id,
    title: latest.title,
    description: latest.description,
    scenarioCount: latest.scenarioIds.length,
    scenarios: latest.scenarioIds.map((id) => ({ id, title: titles.get(id) ?? id })),
    defaultDueDays: latest.defaultDueDays,
    archived: module.archivedAt !== null,
    createdAt: module.createdAt,
    updatedAt: latest.createdAt,
    versions: versions.map((v) => ({ id: v.id, version: v.version, title: v.title, createdAt: v.createdAt, createdBy: v.createdBy })),
    rules: rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      userId: rule.userId,
      team: rule.team,
      cohortFrom: rule.cohortFrom,
      cohortTo: rule.cohortTo,
      dueDate: rule.dueDate,
      createdAt: rule.createdAt,
      removedAt: rule.removedAt,
      assigned: countOf.get(rule.id)?.assigned ?? 0,
      completed: countOf.get(rule.id)?.completed ?? 0,
    })),
  };
}
