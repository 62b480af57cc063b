import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import { compileScenario, type CheckResult, type CompiledScenario, type ScenarioDocument } from '@/machines';
import { recordAudit } from '../people/audit';
import type { Database } from '../db';
import { attempts, scenarios, scenarioVersions } from '../db/schema';
import { checkScenarioFiles, formatCheckMessage, listScenarioFiles } from './scenario-files';

/** sha256 of the document re-serialised: formatting changes are not new versions. */
export const contentHash = (doc: unknown) => createHash('sha256').update(JSON.stringify(doc)).digest('hex');

export interface PublishReport {
  published: { id: string; version: number }[];
  unchanged: string[];
  skipped: CheckResult[];
}

/**
 * Publishes a checked document as the scenario's next version, unless the newest version already
 * has the same content. Serialised per scenario so concurrent instances agree on numbers.
 */
export async function publishVersion(
  db: Database,
  doc: ScenarioDocument,
  source: string,
  origin: 'builtin' | 'authored',
  by: { userId?: string; changeNote?: string; draftRevision?: number; confirmedWarnings?: readonly string[] } = {},
): Promise<{ version: number; created: boolean }> {
  const hash = contentHash(doc);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`scenario:${doc.id}`}))`);
    await tx.insert(scenarios).values({ id: doc.id, origin }).onConflictDoNothing();
    const [latest] = await tx
      .select({ version: scenarioVersions.version, contentHash: scenarioVersions.contentHash })
      .from(scenarioVersions)
      .where(eq(scenarioVersions.scenarioId, doc.id))
      .orderBy(desc(scenarioVersions.version))
      .limit(1);
    if (latest?.contentHash === hash) return { version: latest.version, created: false };
    const version = (latest?.version ?? 0) + 1;
    await tx.insert(scenarioVersions).values({
      scenarioId: doc.id,
      version,
      source,
      contentHash: hash,
      title: doc.meta.title,
      poolId: doc.meta.pool?.id ?? null,
      poolTitle: doc.meta.pool?.title ?? null,
      publishedBy: by.userId ?? null,
      changeNote: by.changeNote ?? null,
      draftRevision: by.draftRevision ?? null,
    });
    // A file in scenarios/ has no author in Frontline: it came through git, and nobody acted here.
    // The design warnings the publisher confirmed, so a later reader sees what was knowingly accepted.
    const warnings = by.confirmedWarnings?.length ? { confirmedWarnings: [...new Set(by.confirmedWarnings)] } : {};
    await recordAudit(tx, { action: 'scenario-published', actorId: by.userId ?? null, subject: doc.id, details: { version, origin, ...warnings } });
    return { version, created: true };
  });
}

/**
 * Loads the files in scenarios/ as published versions. A file that fails the checker is skipped
 * and reported with its path; the rest still load.
 */
export async function publishBuiltinScenarios(db: Database, directory: string): Promise<PublishReport> {
  const results = await checkScenarioFiles(await listScenarioFiles([directory]));
  const report: PublishReport = { published: [], unchanged: [], skipped: [] };
  for (const result of results) {
    if (!result.valid || !result.document) {
      report.skipped.push(result);
      continue;
    }
    const source = JSON.stringify(result.document, null, 2);
    const { version, created } = await publishVersion(db, result.document, source, 'builtin');
    if (created) report.published.push({ id: result.document.id, version });
    else report.unchanged.push(result.document.id);
  }
  return report;
}

export const describeSkipped = (skipped: CheckResult): string[] => [
  `Skipped ${skipped.file}: it fails the scenario checker.`,
  ...skipped.errors.map((m) => `  ${formatCheckMessage(skipped.file, m)}`),
];

/* ---------- reading versions ---------- */

const compiledCache = new Map<string, CompiledScenario>();
const COMPILED_CACHE_SIZE = 256;

/** A published version compiled to a machine; versions never change, so they are cached. */
export async function compiledVersion(db: Database, versionId: string): Promise<CompiledScenario & { versionId: string; version: number }> {
  const cached = compiledCache.get(versionId) as (CompiledScenario & { versionId: string; version: number }) | undefined;
  if (cached) return cached;
  const [row] = await db.select({ source: scenarioVersions.source, version: scenarioVersions.version }).from(scenarioVersions).where(eq(scenarioVersions.id, versionId));
  if (!row) throw new Error(`scenario version ${versionId} does not exist`);
  // Only checked documents are published, so the stored source is trusted here.
  const compiled = { ...compileScenario(JSON.parse(row.source) as ScenarioDocument), versionId, version: row.version };
  if (compiledCache.size >= COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value!);
  compiledCache.set(versionId, compiled);
  return compiled;
}

/** The newest version of a scenario that is not archived, or null. */
export async function newestVersion(db: Database, scenarioId: string): Promise<{ id: string; version: number; poolId: string | null } | null> {
  const [row] = await db
    .select({ id: scenarioVersions.id, version: scenarioVersions.version, poolId: scenarioVersions.poolId })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), isNull(scenarios.archivedAt)))
    .orderBy(desc(scenarioVersions.version))
    .limit(1);
  return row ?? null;
}

export interface LibraryEntry {
  scenarioId: string;
  versionId: string;
  version: number;
  document: ScenarioDocument;
  bestPercent: number | null;
  passed: boolean;
  completedAttempts: number;
  inProgressAttemptId: string | null;
}

/**
 * Each scenario's newest version, with the fields asked for: of the playable scenarios, or with
 * `archived: true` of every scenario (the studio lists archived ones too).
 */
export function newestVersions<T extends SelectedFields>(db: Database, fields: T, { archived = false }: { archived?: boolean } = {}): Promise<SelectResultFields<T>[]> {
  const playable = db.select({ id: scenarios.id }).from(scenarios).where(isNull(scenarios.archivedAt));
  return db
    .selectDistinctOn([scenarioVersions.scenarioId], fields)
    .from(scenarioVersions)
    .where(archived ? undefined : inArray(scenarioVersions.scenarioId, playable))
    .orderBy(scenarioVersions.scenarioId, desc(scenarioVersions.version)) as Promise<SelectResultFields<T>[]>;
}

/** Every playable scenario at its newest version, with what this trainee has done in it. */
export async function listLibrary(db: Database, userId: string): Promise<LibraryEntry[]> {
  const newest = await newestVersions(db, {
    scenarioId: scenarioVersions.scenarioId,
    versionId: scenarioVersions.id,
    version: scenarioVersions.version,
    source: scenarioVersions.source,
  });

  const mine = await db
    .select({
      scenarioId: scenarioVersions.scenarioId,
      bestPercent: sql<number | null>`max(${attempts.overallPercent}) filter (where ${attempts.status} = 'completed')`,
      passed: sql<boolean>`coalesce(bool_or(${attempts.passed}), false)`,
      completed: sql<number>`count(*) filter (where ${attempts.status} = 'completed')`.mapWith(Number),
      inProgress: sql<string | null>`(array_agg(${attempts.id} order by ${attempts.startedAt} desc) filter (where ${attempts.status} = 'in-progress'))[1]`,
    })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(eq(attempts.userId, userId))
    .groupBy(scenarioVersions.scenarioId);
  const byScenario = new Map(mine.map((m) => [m.scenarioId, m]));

  return newest
    .map((row) => {
      const record = byScenario.get(row.scenarioId);
      return {
        scenarioId: row.scenarioId,
        versionId: row.versionId,
        version: row.version,
        document: JSON.parse(row.source) as ScenarioDocument,
        bestPercent: record?.bestPercent ?? null,
        passed: record?.passed ?? false,
        completedAttempts: record?.completed ?? 0,
        inProgressAttemptId: record?.inProgress ?? null,
      };
    })
    .sort((a, b) => difficultyRank(a.document) - difficultyRank(b.document) || a.document.meta.title.localeCompare(b.document.meta.title));
}

const difficultyRank = (doc: ScenarioDocument) => ['intro', 'core', 'advanced'].indexOf(doc.meta.difficulty);

/** How many scenarios can be played (for the health check). */
export async function countPlayableScenarios(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(scenarios)
    .where(and(isNull(scenarios.archivedAt), sql`exists (select 1 from ${scenarioVersions} where ${scenarioVersions.scenarioId} = ${scenarios.id})`));
  return row?.n ?? 0;
}

/** The newest playable version of a scenario, compiled, or null. */
export async function playableScenario(db: Database, scenarioId: string) {
  const version = await newestVersion(db, scenarioId);
  return version ? compiledVersion(db, version.id) : null;
}

/** This person's newest unfinished attempt at any version of a scenario, or null. */
export async function unfinishedAttemptAt(db: Database, userId: string, scenarioId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: attempts.id })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(and(eq(attempts.userId, userId), eq(scenarioVersions.scenarioId, scenarioId), eq(attempts.status, 'in-progress')))
    .orderBy(desc(attempts.startedAt))
    .limit(1);
  return row?.id ?? null;
}
