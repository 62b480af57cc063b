import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../people/audit';
import type { Database } from '../db';
import { scenarios, scenarioVersions, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { recordProgress } from '../onboarding/assignments';
import { openHolders, stepsArchivingRetires, stepUsage, type StepUsage } from '../onboarding/retired-steps';
import { assertAuthors, type AuthoringContext } from './authoring';
import type { archiveBody } from './schemas';

/**
 * Archiving a scenario (docs/decisions/017-scenario-drafts.md) and what it does to the modules that
 * ask for it (docs/decisions/035-retired-scenarios-in-modules.md): archiving a scenario a module
 * uses is refused until the request confirms it, naming the modules and the people holding them;
 * once archived, those modules treat the step as retired.
 */

export type ArchiveInput = z.output<typeof archiveBody>;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "A, B and 3 others" */
function listed(names: readonly string[], total: number): string {
  const others = total - names.length;
  const shown = others > 0 ? [...names, count(others, 'other')] : [...names];
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}

/**
 * 409: modules use the scenario and the request did not confirm. Nothing is archived; the details
 * name the modules and the people holding them, and the same request with `confirm: true` archives.
 */
export class ScenarioInUseError extends HttpError {
  constructor(title: string, usage: StepUsage) {
    const { modules, people } = usage;
    const holders = people.count ? `, held open by ${count(people.count, 'person', 'people')} (${listed(people.names, people.count)})` : ', held open by nobody now';
    super(
      409,
      'scenario-in-use',
      `“${title}” is in ${count(modules.length, 'module')}: ${listed(
        modules.map((m) => `“${m.title}”`),
        modules.length,
      )}${holders}. Nothing was archived. Confirm to archive it: those modules then treat it as retired, people who passed it keep the pass, and the others can complete without it.`,
      { modules, people },
    );
  }
}

export interface ArchiveOutcome {
  archived: boolean;
  /** The modules archiving retired the scenario from (empty when none used it, or when bringing it back). */
  retiredFrom: { id: string; title: string }[];
  /** People whose module became complete because the scenario was retired. */
  completed: number;
}

async function newestTitle(db: Database, scenarioId: string): Promise<string> {
  const [row] = await db
    .select({ title: scenarioVersions.title })
    .from(scenarioVersions)
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .orderBy(desc(scenarioVersions.version))
    .limit(1);
  return row?.title ?? scenarioId;
}

/**
 * Hides a scenario from the library (its records stay), or brings it back. Archiving one that
 * modules use needs `confirm: true`; then, in the same transaction, everyone whose module is now
 * complete without it gets their completion recorded. Bringing it back makes it required again in
 * modules not yet completed; completions already recorded stay.
 */
export async function setArchived(db: Database, actor: User, scenarioId: string, input: ArchiveInput, context: AuthoringContext = {}): Promise<ArchiveOutcome> {
  assertAuthors(actor);
  const now = context.now ?? new Date();
  return db.transaction(async (tx) => {
    // Locked, so two requests cannot both find it in use and both archive it with different counts.
    const [scenario] = await tx.select().from(scenarios).where(eq(scenarios.id, scenarioId)).for('update');
    if (!scenario) throw new RecordNotFoundError('scenario');
    const outcome: ArchiveOutcome = { archived: input.archived, retiredFrom: [], completed: 0 };
    if ((scenario.archivedAt !== null) === input.archived) return outcome;
    const address = context.address ?? null;
    if (!input.archived) {
      await tx.update(scenarios).set({ archivedAt: null, archivedBy: null }).where(eq(scenarios.id, scenarioId));
      await recordAudit(tx, { action: 'scenario-unarchived', actorId: actor.id, subject: scenarioId, address });
      return outcome;
    }
    const steps = (await stepsArchivingRetires(tx as unknown as Database, [scenarioId])).get(scenarioId) ?? [];
    const usage = (await stepUsage(tx as unknown as Database, new Map([[scenarioId, steps]]))).get(scenarioId);
    if (usage && input.confirm !== true) throw new ScenarioInUseError(await newestTitle(tx as unknown as Database, scenarioId), usage);
    const holders = await openHolders(tx as unknown as Database, steps);
    await tx.update(scenarios).set({ archivedAt: now, archivedBy: actor.id }).where(eq(scenarios.id, scenarioId));
    outcome.completed = await recordProgress(tx as unknown as Database, holders, now);
    outcome.retiredFrom = usage?.modules ?? [];
    await recordAudit(tx, {
      action: 'scenario-archived',
      actorId: actor.id,
      subject: scenarioId,
      details: usage ? { retiredFrom: usage.modules.map((m) => m.id), people: usage.people.count, completed: outcome.completed } : undefined,
      address,
    });
    return outcome;
  });
}

/** For the studio's list: per scenario not archived, the modules and people archiving it would reach. */
export async function archiveUsage(db: Database, actor: User, scenarioIds: readonly string[]): Promise<Map<string, StepUsage>> {
  assertAuthors(actor);
  return stepUsage(db, await stepsArchivingRetires(db, scenarioIds));
}
