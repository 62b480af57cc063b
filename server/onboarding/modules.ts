import 'server-only';
import type { z } from 'zod';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { hasRole, ROLES_THAT } from '../../lib/roles';
import type { Database } from '../db';
import { assignmentRules, assignments, modules, moduleVersions, scenarios, scenarioVersions, type ModuleVersion, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { recordAudit } from '../people/audit';
import { parseStep, poolStep } from './module-steps';
import { retiredSteps } from './retired-steps';
import { listLibrary } from '../training/library';
import { libraryPools } from '../training/pools';
import { isUuid } from '@/lib/uuid';
import { DUE_DAYS_MAX, MODULE_DESCRIPTION_MAX, MODULE_SCENARIOS_MAX, MODULE_TITLE_MAX } from '@/lib/onboarding-limits';
import type { moduleBody } from './schemas';

/**
 * Onboarding modules: an ordered list of scenarios to pass, with a default due period. A module's
 * content lives in versions; editing adds a version, and people already assigned keep theirs
 * (docs/decisions/014-modules-and-assignments.md).
 */

/**
 * A module as the route's schema parses it (./schemas.ts): text, numbers and lists are of their
 * type there. The lengths after trimming, the due period and the number of steps are checked here
 * too, because the demo data makes its modules without the schema.
 */
export type ModuleInput = z.output<typeof moduleBody>;

export interface ModuleScenario {
  /** The step: a scenario id, or `pool:<pool id>`. */
  id: string;
  kind: 'scenario' | 'pool';
  /** The scenario's newest title, or the pool's. */
  title: string;
  /** What kind of step it is, in a few words, where the module form lists it ("practice", "pool of 3 versions"). */
  note?: string;
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
  /** Trainees type their replies in the module's scenarios. */
  ownWords: boolean;
  scenarios: ModuleScenario[];
  /**
   * Steps of any version whose scenario was archived (or whose pool has no playable version left):
   * those who passed keep the pass, the others complete without it
   * (docs/decisions/035-retired-scenarios-in-modules.md).
   */
  retired: { id: string; title: string; retiredAt: Date; versions: number[] }[];
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

export function assertManagesModules(actor: Pick<User, 'role'>): void {
  if (!hasRole(actor, ROLES_THAT.manageModules)) throw new HttpError(403, 'forbidden', 'Your role does not allow managing training modules.');
}

const invalid = (field: string, message: string) => new HttpError(400, 'invalid-module', message, { field });

/** The input checked and tidied, or a 400 naming the field and what is wrong with it. */
async function checkedInput(db: Database, input: ModuleInput): Promise<Required<ModuleInput>> {
  const title = input.title.trim();
  if (!title) throw invalid('title', 'The title is empty: give the module a title.');
  if (title.length > MODULE_TITLE_MAX) throw invalid('title', `The title is ${title.length} characters long; use at most ${MODULE_TITLE_MAX}.`);
  const description = input.description?.trim() ?? '';
  if (description.length > MODULE_DESCRIPTION_MAX) {
    throw invalid('description', `The description is ${description.length} characters long; use at most ${MODULE_DESCRIPTION_MAX}.`);
  }
  const days = input.defaultDueDays;
  if (!Number.isInteger(days) || days < 1 || days > DUE_DAYS_MAX) {
    throw invalid('defaultDueDays', `The default due period must be a whole number of days from 1 to ${DUE_DAYS_MAX}, not ${JSON.stringify(days)}.`);
  }
  const ids = input.steps;
  if (!ids.length) throw invalid('steps', 'The module has no scenarios: add at least one.');
  if (ids.length > MODULE_SCENARIOS_MAX) throw invalid('steps', `The module has ${ids.length} scenarios; use at most ${MODULE_SCENARIOS_MAX}.`);
  ids.forEach((id, i) => {
    if (!id.trim()) throw invalid(`steps[${i}]`, `Scenario ${i + 1} has no id.`);
    const first = ids.indexOf(id);
    if (first !== i) throw invalid(`steps[${i}]`, `Scenario ${i + 1} ("${id}") is already in the module as scenario ${first + 1}.`);
  });
  const scenarioIds = ids.flatMap((id) => {
    const step = parseStep(id);
    return step.kind === 'scenario' ? [step.scenarioId] : [];
  });
  const playable = new Set(
    scenarioIds.length
      ? (
          await db
            .select({ id: scenarios.id })
            .from(scenarios)
            .where(
              and(
                inArray(scenarios.id, scenarioIds),
                isNull(scenarios.archivedAt),
                sql`exists (select 1 from ${scenarioVersions} where ${scenarioVersions.scenarioId} = ${scenarios.id})`,
              ),
            )
        ).map((r) => r.id)
      : [],
  );
  const pools = new Map((await libraryPools(db)).map((p) => [p.id, p]));
  ids.forEach((id, i) => {
    const step = parseStep(id);
    if (step.kind === 'scenario') {
      if (!playable.has(step.scenarioId)) throw invalid(`steps[${i}]`, `Scenario ${i + 1} ("${id}") does not exist or is archived, so it cannot be played.`);
      return;
    }
    const pool = pools.get(step.poolId);
    if (!pool) throw invalid(`steps[${i}]`, `Scenario ${i + 1} ("${id}") is not a pool: no playable scenario names the pool "${step.poolId}".`);
    const variant = pool.variants.find((v) => ids.includes(v.scenarioId));
    if (variant) {
      throw invalid(
        `steps[${i}]`,
        `Scenario ${i + 1} is the pool "${pool.title}", and its version "${variant.title}" is also in the module: a trainee would meet the assessment's conversation before it. Take one of them out.`,
      );
    }
  });
  return { title, description, steps: [...ids], defaultDueDays: days, ownWords: input.ownWords === true };
}

async function findModule(db: Database, moduleId: string, forUpdate = false) {
  if (typeof moduleId !== 'string' || !isUuid(moduleId)) throw new RecordNotFoundError('module');
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

export interface StepDetails {
  title: string;
  /** Where a trainee plays it: the scenario's page, or the pool's, which draws a variant. */
  href: string;
  /** Feedback comes only at the end (`feedback: debrief`): the step assesses rather than coaches. */
  assessment: boolean;
}

/** What a trainee is shown of each module step, by step: a scenario at its newest version, or a pool. */
export async function stepDetails(db: Database, steps: readonly string[]): Promise<Map<string, StepDetails>> {
  const parsed = [...new Set(steps)].map((step) => [step, parseStep(step)] as const);
  const scenarioIds = parsed.flatMap(([, p]) => (p.kind === 'scenario' ? [p.scenarioId] : []));
  const details = new Map<string, StepDetails>();
  if (scenarioIds.length) {
    const rows = await db
      .selectDistinctOn([scenarioVersions.scenarioId], {
        id: scenarioVersions.scenarioId,
        title: scenarioVersions.title,
        feedback: sql<string>`(${scenarioVersions.source}::jsonb -> 'meta' ->> 'feedback')`,
      })
      .from(scenarioVersions)
      .where(inArray(scenarioVersions.scenarioId, scenarioIds))
      .orderBy(scenarioVersions.scenarioId, desc(scenarioVersions.version));
    for (const r of rows) details.set(r.id, { title: r.title, href: `/scenarios/${r.id}`, assessment: r.feedback === 'debrief' });
  }
  if (parsed.some(([, p]) => p.kind === 'pool')) {
    const pools = new Map((await libraryPools(db)).map((p) => [p.id, p]));
    // A pool with no playable version left (a retired step) keeps the title its versions last gave it.
    const gone = parsed.flatMap(([, p]) => (p.kind === 'pool' && !pools.has(p.poolId) ? [p.poolId] : []));
    const formerTitles = gone.length
      ? await db
          .selectDistinctOn([scenarioVersions.poolId], { poolId: scenarioVersions.poolId, title: scenarioVersions.poolTitle })
          .from(scenarioVersions)
          .where(inArray(scenarioVersions.poolId, gone))
          .orderBy(scenarioVersions.poolId, desc(scenarioVersions.publishedAt))
      : [];
    const formerTitle = new Map(formerTitles.map((r) => [r.poolId, r.title]));
    for (const [step, p] of parsed) {
      if (p.kind !== 'pool') continue;
      const pool = pools.get(p.poolId);
      details.set(step, { title: pool?.title ?? formerTitle.get(p.poolId) ?? p.poolId, href: `/pools/${p.poolId}`, assessment: pool?.assessment ?? true });
    }
  }
  for (const [step] of parsed) if (!details.has(step)) details.set(step, { title: step, href: `/scenarios/${step}`, assessment: false });
  return details;
}

/**
 * What a module can ask for, as the module form lists it: every playable scenario, marked as
 * practice or assessment, then every assessment pool with its number of versions.
 */
export async function moduleStepOptions(db: Database, actor: User): Promise<ModuleScenario[]> {
  assertManagesModules(actor);
  const [library, pools] = await Promise.all([listLibrary(db, actor.id), libraryPools(db)]);
  return [
    ...library.map((entry) => ({
      id: entry.scenarioId,
      kind: 'scenario' as const,
      title: entry.document.meta.title,
      note: entry.document.meta.feedback === 'debrief' ? 'assessment' : 'practice',
    })),
    ...pools.map((pool) => ({ id: poolStep(pool.id), kind: 'pool' as const, title: pool.title, note: `pool of ${pool.variants.length} versions` })),
  ];
}

/** Titles of module steps, by step: a scenario's newest title, or its pool's title. */
export async function stepTitles(db: Database, steps: readonly string[]): Promise<Map<string, string>> {
  return new Map([...(await stepDetails(db, steps))].map(([step, d]) => [step, d.title]));
}

/** What the audit log keeps of a module's version: the title it had then, and its size. */
const versionAudit = (version: number, checked: { title: string; steps: readonly string[]; defaultDueDays: number }) => ({
  version,
  title: checked.title,
  steps: checked.steps.length,
  defaultDueDays: checked.defaultDueDays,
});

export async function createModule(db: Database, actor: User, input: ModuleInput, now = new Date(), address: string | null = null): Promise<ModuleDetail> {
  assertManagesModules(actor);
  const checked = await checkedInput(db, input);
  const moduleId = await db.transaction(async (tx) => {
    const [created] = await tx.insert(modules).values({ createdBy: actor.id, createdAt: now }).returning();
    await tx.insert(moduleVersions).values({ moduleId: created!.id, version: 1, ...checked, createdBy: actor.id, createdAt: now });
    await recordAudit(tx, { action: 'module-created', actorId: actor.id, subject: created!.id, details: versionAudit(1, checked), address, at: now });
    return created!.id;
  });
  return moduleDetail(db, actor, moduleId);
}

/** Saves the input as the module's next version; assignments made before keep the version they have. */
export async function updateModule(db: Database, actor: User, moduleId: string, input: ModuleInput, now = new Date(), address: string | null = null): Promise<ModuleDetail> {
  assertManagesModules(actor);
  await findModule(db, moduleId);
  const checked = await checkedInput(db, input);
  await db.transaction(async (tx) => {
    // Locked so two edits at once get consecutive version numbers.
    const found = await findModule(tx, moduleId, true);
    if (found.archivedAt) throw new HttpError(409, 'archived', 'This module is archived and can no longer be changed.');
    const latest = await latestModuleVersion(tx, moduleId);
    await tx.insert(moduleVersions).values({ moduleId, version: latest.version + 1, ...checked, createdBy: actor.id, createdAt: now });
    await recordAudit(tx, { action: 'module-changed', actorId: actor.id, subject: moduleId, details: versionAudit(latest.version + 1, checked), address, at: now });
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
    .map(({ module: moduleRow, version }) => ({
      id: moduleRow.id,
      version: version.version,
      title: version.title,
      scenarioCount: version.steps.length,
      defaultDueDays: version.defaultDueDays,
      archived: moduleRow.archivedAt !== null,
      createdAt: moduleRow.createdAt,
      updatedAt: version.createdAt,
    }))
    .sort((a, b) => Number(a.archived) - Number(b.archived) || a.title.localeCompare(b.title));
}

export async function moduleDetail(db: Database, actor: User, moduleId: string): Promise<ModuleDetail> {
  assertManagesModules(actor);
  const found = await findModule(db, moduleId);
  const versions = await db.select().from(moduleVersions).where(eq(moduleVersions.moduleId, found.id)).orderBy(desc(moduleVersions.version));
  const latest = versions[0]!;
  const everyStep = [...new Set(versions.flatMap((v) => v.steps))];
  const [titles, retired] = await Promise.all([stepTitles(db, everyStep), retiredSteps(db, everyStep)]);
  const rules = await db.select().from(assignmentRules).where(eq(assignmentRules.moduleId, found.id)).orderBy(asc(assignmentRules.createdAt));
  const counts = rules.length
    ? await db
        .select({
          ruleId: assignments.ruleId,
          assigned: sql<number>`count(*)`.mapWith(Number),
          completed: sql<number>`count(${assignments.completedAt})`.mapWith(Number),
        })
        .from(assignments)
        .where(
          inArray(
            assignments.ruleId,
            rules.map((r) => r.id),
          ),
        )
        .groupBy(assignments.ruleId)
    : [];
  const countOf = new Map(counts.map((c) => [c.ruleId, c]));
  return {
    id: found.id,
    version: latest.version,
    versionId: latest.id,
    title: latest.title,
    description: latest.description,
    scenarioCount: latest.steps.length,
    scenarios: latest.steps.map((id) => ({ id, kind: parseStep(id).kind, title: titles.get(id) ?? id, ...(retired.has(id) ? { note: 'retired: archived' } : {}) })),
    retired: [...retired].map(([id, retiredAt]) => ({
      id,
      title: titles.get(id) ?? id,
      retiredAt,
      versions: versions
        .filter((v) => v.steps.includes(id))
        .map((v) => v.version)
        .sort((a, b) => a - b),
    })),
    defaultDueDays: latest.defaultDueDays,
    ownWords: latest.ownWords,
    archived: found.archivedAt !== null,
    createdAt: found.createdAt,
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

/** Titles of the modules, not archived, whose newest version asks for own-words replies and counts this scenario (or its pool). */
export async function modulesAskingOwnWords(db: Database, scenario: { scenarioId: string; poolId: string | null }): Promise<string[]> {
  const steps = [scenario.scenarioId, ...(scenario.poolId ? [poolStep(scenario.poolId)] : [])];
  const newest = await db
    .selectDistinctOn([moduleVersions.moduleId], { title: moduleVersions.title, ownWords: moduleVersions.ownWords, steps: moduleVersions.steps })
    .from(moduleVersions)
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(isNull(modules.archivedAt))
    .orderBy(moduleVersions.moduleId, desc(moduleVersions.version));
  return newest
    .filter((m) => m.ownWords && m.steps.some((step) => steps.includes(step)))
    .map((m) => m.title)
    .sort((a, b) => a.localeCompare(b));
}
