import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkScenario, PRINCIPLE_IDS, WARNING_REASONS, type ScenarioDocument } from '@/machines';
import { idFromTitle } from '@/machines/scenario-id';
import { BROKEN_SCENARIOS } from '@/machines/test-fixtures/broken-scenarios';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { startAttempt } from '../training/attempts';
import {
  blankScenario,
  createScenario,
  InvalidScenarioError,
  listRevisions,
  publishDraft,
  readDraft,
  readRevision,
  restoreRevision,
  saveDraft,
  setRevisionNote,
  studioList,
  takenScenarioIds,
  UnacknowledgedWarningsError,
  versionFile,
} from './authoring';
import { setArchived } from './archiving';
import { attempts, auditLog, scenarioDraftRevisions, scenarios, scenarioVersions, users, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { newScenarioBody, publishBody, revisionNoteBody, saveDraftBody } from './schemas';
import { listLibrary, publishBuiltinScenarios } from '../training/library';
import type { Database } from '../db';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

// The publish route is exercised as Next runs it, with the session and the process's database
// replaced by the test's user and database.
const routeContext = vi.hoisted(() => ({ actor: null as User | null, db: null as Database | null }));
vi.mock('../auth/access', async () => {
  const { ROLES_THAT } = await import('../../lib/roles');
  const { HttpError: Refusal } = await import('../platform/errors');
  return {
    ROLES_THAT,
    requireApiRole: async (roles: readonly string[]) => {
      if (!routeContext.actor) throw new Refusal(401, 'unauthenticated', 'Sign in first.');
      if (!roles.includes(routeContext.actor.role)) throw new Refusal(403, 'forbidden', 'Your role does not allow this.');
      return routeContext.actor;
    },
  };
});
vi.mock('../db', () => ({ database: async () => ({ db: routeContext.db }) }));

const T0 = new Date('2026-11-24T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('scenario ids from titles', () => {
  it('are lower-case words joined by "-", within the format’s limits', () => {
    expect(idFromTitle('The Angry Caller: charged twice!')).toBe('the-angry-caller-charged-twice');
    expect(idFromTitle('Café résumé')).toBe('cafe-resume');
    expect(idFromTitle('??')).toBe('scenario');
    expect(idFromTitle('Hi')).toBe('scenario-hi');
    expect(idFromTitle('x'.repeat(100)).length).toBeLessThanOrEqual(61);
  });

  it('the blank template passes the checker as it stands, warning only that it is too short to mean anything yet', () => {
    const result = checkScenario(asText(blankScenario('blank-one', 'Blank one')), { file: 'blank-one.json', principles: PRINCIPLE_IDS, expectedId: 'blank-one' });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(['guessable-by-length', 'short-to-pass']);
  });
});

describe.each(testBackends())('authoring on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  let admin: User;
  let trainee: User;
  let hr: User;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await publishBuiltinScenarios(db(), path.join(process.cwd(), 'scenarios'));
    [trainer, admin, trainee, hr] = (await db()
      .insert(users)
      .values([
        { name: 'Tess Trainer', email: `tess-${kind}@example.test`, role: 'trainer' },
        { name: 'Ada Admin', email: `ada-${kind}@example.test`, role: 'admin' },
        { name: 'Tim Trainee', email: `tim-${kind}@example.test`, role: 'trainee' },
        { name: 'Hal HR', email: `hal-${kind}@example.test`, role: 'hr' },
      ])
      .returning()) as [User, User, User, User];
  });
  afterAll(() => database?.dispose());

  const scenarioCount = async () => (await db().select({ id: scenarios.id }).from(scenarios)).length;
  const edit = (source: string, change: (doc: ScenarioDocument) => void) => {
    const doc = JSON.parse(source) as ScenarioDocument;
    change(doc);
    return JSON.stringify(doc, null, 2);
  };

  it('is for trainers and admins only', async () => {
    for (const person of [trainee, hr]) {
      await expect(createScenario(db(), person, { mode: 'blank', title: 'Nope' })).rejects.toMatchObject({ status: 403 });
      await expect(studioList(db(), person)).rejects.toMatchObject({ status: 403 });
      await expect(readDraft(db(), person, 'closing-well')).rejects.toMatchObject({ status: 403 });
    }
  });

  it('starts a scenario from the blank template, with an id from its title that is free', async () => {
    const first = await createScenario(db(), trainer, { mode: 'blank', title: 'Refund refused' }, { now: T0 });
    const second = await createScenario(db(), trainer, { mode: 'blank', title: 'Refund refused' }, { now: T0 });
    expect([first.scenarioId, second.scenarioId]).toEqual(['refund-refused', 'refund-refused-2']);
    const draft = await readDraft(db(), trainer, first.scenarioId);
    expect(draft).toMatchObject({ origin: 'authored', readOnly: false, revision: 1, updatedBy: 'Tess Trainer', versions: [], archived: false });
    expect(JSON.parse(draft.source)).toEqual(blankScenario('refund-refused', 'Refund refused'));
    expect((await listRevisions(db(), trainer, first.scenarioId)).map((r) => [r.revision, r.kind, r.current])).toEqual([[1, 'created', true]]);
    // A title of spaces is empty once the route's schema has trimmed it.
    await expect(createScenario(db(), trainer, newScenarioBody.parse({ mode: 'blank', title: '   ' }))).rejects.toMatchObject({ status: 400, code: 'invalid-title' });
    await expect(createScenario(db(), trainer, { mode: 'blank', title: 'X', id: 'Not An Id' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid-id',
      message: 'The id "Not An Id" is not usable: Use lower-case letters and digits, in words joined by "-" (for example refund-at-the-counter).',
    });
    await expect(createScenario(db(), trainer, { mode: 'blank', title: 'X', id: 'closing-well' })).rejects.toMatchObject({ status: 409, code: 'scenario-exists' });
  });

  it('duplicates a built-in scenario as an authored draft; the built-in stays read-only', async () => {
    const original = await readDraft(db(), trainer, 'closing-well');
    expect(original).toMatchObject({ origin: 'builtin', readOnly: true, revision: 0 });
    await expect(saveDraft(db(), trainer, 'closing-well', { source: original.source, baseRevision: 1 })).rejects.toMatchObject({ status: 409, code: 'read-only' });

    const copy = await createScenario(db(), trainer, { mode: 'duplicate', fromScenarioId: 'closing-well' });
    const builtinTitle = (JSON.parse(original.source) as ScenarioDocument).meta.title;
    expect(copy.scenarioId).toBe(idFromTitle(`Copy of ${builtinTitle}`));
    const doc = JSON.parse((await readDraft(db(), trainer, copy.scenarioId)).source) as ScenarioDocument;
    const builtin = JSON.parse(original.source) as ScenarioDocument;
    expect(doc.id).toBe(copy.scenarioId);
    expect(doc.meta.title).toBe(`Copy of ${builtin.meta.title}`);
    expect(doc.states).toEqual(builtin.states);
    expect(checkScenario(JSON.stringify(doc), { file: 'x.json', principles: PRINCIPLE_IDS, expectedId: doc.id }).errors).toEqual([]);
    // A copy of the copy (a draft never published) works too.
    expect((await createScenario(db(), trainer, { mode: 'duplicate', fromScenarioId: copy.scenarioId })).scenarioId).toBe(idFromTitle(`Copy of Copy of ${builtinTitle}`));
    await expect(createScenario(db(), trainer, { mode: 'duplicate', fromScenarioId: 'no-such-scenario' })).rejects.toMatchObject({ status: 404 });
  });

  it('imports a valid file as a draft, and refuses every broken one with its path, saving nothing', async () => {
    const before = await scenarioCount();
    for (const broken of BROKEN_SCENARIOS) {
      const error = await createScenario(db(), trainer, { mode: 'import', source: broken.text, fileName: `${broken.name}.json` }).catch((e: unknown) => e);
      expect(error, broken.name).toBeInstanceOf(InvalidScenarioError);
      const details = (error as InvalidScenarioError).details as { errors: { path: string; message: string }[] };
      expect(
        details.errors.map((e) => e.path),
        broken.name,
      ).toContain(broken.path);
      expect((error as HttpError).message).toMatch(/Nothing was saved\.$/);
    }
    expect(await scenarioCount()).toBe(before);

    const fixture = { ...fixtureScenario(), id: 'imported-call' };
    const imported = await createScenario(db(), trainer, { mode: 'import', source: asText(fixture), fileName: 'imported-call.json' });
    expect(imported).toEqual({ scenarioId: 'imported-call', revision: 1 });
    expect((await listRevisions(db(), trainer, 'imported-call'))[0]).toMatchObject({ kind: 'imported' });
    // The same id again is refused, and nothing changes.
    await expect(createScenario(db(), trainer, { mode: 'import', source: asText(fixture) })).rejects.toMatchObject({ status: 409, code: 'scenario-exists' });
    expect(await scenarioCount()).toBe(before + 1);
  });

  it('two people editing one draft: the later save is refused and kept, and a restore brings it back', async () => {
    const { scenarioId } = await createScenario(db(), trainer, { mode: 'blank', title: 'Shared draft' }, { now: T0 });
    const start = (await readDraft(db(), trainer, scenarioId)).source;
    const tessVersion = edit(start, (d) => (d.meta.summary = 'Tess’s summary.'));
    const adaVersion = edit(start, (d) => (d.meta.summary = 'Ada’s summary.'));

    expect(await saveDraft(db(), trainer, scenarioId, { source: tessVersion, baseRevision: 1 }, { now: at(1) })).toEqual({ status: 'saved', revision: 2, savedAt: at(1) });
    const refused = await saveDraft(db(), admin, scenarioId, { source: adaVersion, baseRevision: 1 }, { now: at(2) });
    expect(refused).toEqual({ status: 'conflict', keptAs: 3, current: { revision: 2, source: tessVersion, updatedAt: at(1), updatedBy: 'Tess Trainer' } });
    // The draft is Tess's; Ada's edit is kept as revision 3.
    expect((await readDraft(db(), admin, scenarioId)).source).toBe(tessVersion);
    expect((await readRevision(db(), admin, scenarioId, 3)).source).toBe(adaVersion);
    expect((await listRevisions(db(), admin, scenarioId)).map((r) => [r.revision, r.kind, r.basedOn, r.savedBy, r.current])).toEqual([
      [3, 'conflict', 1, 'Ada Admin', false],
      [2, 'saved', 1, 'Tess Trainer', true],
      [1, 'created', null, 'Tess Trainer', false],
    ]);

    // Saving what is already there adds nothing.
    expect(await saveDraft(db(), trainer, scenarioId, { source: tessVersion, baseRevision: 2 }, { now: at(3) })).toMatchObject({ status: 'unchanged', revision: 2 });

    // Ada restores her copy on top of the current draft: a new revision with her content.
    expect(await restoreRevision(db(), admin, scenarioId, 3, { baseRevision: 2 }, { now: at(4) })).toEqual({ status: 'saved', revision: 4, savedAt: at(4) });
    expect((await readDraft(db(), trainer, scenarioId)).source).toBe(adaVersion);
    expect(await readRevision(db(), trainer, scenarioId, 4)).toMatchObject({ kind: 'restored', basedOn: 3, current: true });
    // Restoring the very first revision brings back the template.
    await restoreRevision(db(), trainer, scenarioId, 1, { baseRevision: 4 }, { now: at(5) });
    expect((await readDraft(db(), trainer, scenarioId)).source).toBe(start);
  });

  it('refuses a draft that is not a JSON object, and a save without the revision it was made on, changing nothing', async () => {
    const { scenarioId } = await createScenario(db(), trainer, { mode: 'blank', title: 'Careful saves' });
    const count = async () => (await db().select().from(scenarioDraftRevisions).where(eq(scenarioDraftRevisions.scenarioId, scenarioId))).length;
    await expect(saveDraft(db(), trainer, scenarioId, { source: '{"id": ', baseRevision: 1 })).rejects.toMatchObject({
      status: 400,
      code: 'invalid-draft',
      message: expect.stringContaining('not valid JSON'),
    });
    await expect(saveDraft(db(), trainer, scenarioId, { source: '[]', baseRevision: 1 })).rejects.toMatchObject({ status: 400, message: 'The scenario must be a JSON object.' });
    // A revision no record can have is refused by the route's schema, before the service.
    for (const baseRevision of [0, 1.5, 2 ** 31]) expect(saveDraftBody.safeParse({ source: '{}', baseRevision }).error?.issues.map((i) => i.path)).toEqual([['baseRevision']]);
    await expect(readRevision(db(), trainer, scenarioId, 2 ** 40)).rejects.toMatchObject({ status: 404 });
    await expect(saveDraft(db(), trainer, scenarioId, { source: `{"x":"${' '.repeat(1024 * 1024)}"}`, baseRevision: 1 })).rejects.toMatchObject({ status: 413 });
    // An invalid scenario that is still a JSON object is a fine draft: that is what drafts are for.
    expect(await saveDraft(db(), trainer, scenarioId, { source: '{"id": "careful-saves"}', baseRevision: 1 })).toMatchObject({ status: 'saved', revision: 2 });
    expect(await count()).toBe(2);
  });

  it('publishes only a checked, current draft with a note; new attempts use the newest version, started ones keep theirs', async () => {
    const { scenarioId } = await createScenario(db(), trainer, { mode: 'blank', title: 'Publish me' }, { now: T0 });
    const draft = await readDraft(db(), trainer, scenarioId);
    const broken = edit(draft.source, (d) => ((d.states.opening as { on: Record<string, { target: string }> }).on.greet!.target = 'nowhere'));
    await saveDraft(db(), trainer, scenarioId, { source: broken, baseRevision: 1 });

    const refused = await publishDraft(db(), trainer, scenarioId, { revision: 2, changeNote: 'First go' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidScenarioError);
    expect(((refused as HttpError).details as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('states.opening.on.greet.target');
    await expect(publishDraft(db(), trainer, scenarioId, { revision: 1, changeNote: 'Old one' })).rejects.toMatchObject({ status: 409, code: 'draft-changed' });
    await saveDraft(db(), trainer, scenarioId, { source: draft.source, baseRevision: 2 });
    await expect(publishDraft(db(), trainer, scenarioId, publishBody.parse({ revision: 3, changeNote: '  ' }))).rejects.toMatchObject({ status: 400, code: 'invalid-change-note' });
    expect(await db().select().from(scenarioVersions).where(eq(scenarioVersions.scenarioId, scenarioId))).toEqual([]);

    expect(await publishDraft(db(), trainer, scenarioId, { revision: 3, changeNote: 'First version.', acknowledgeWarnings: true })).toEqual({ version: 1, created: true });
    const started = await startAttempt(db(), trainee.id, scenarioId, 'off');
    const changed = edit(draft.source, (d) => (d.meta.title = 'Publish me, again'));
    await saveDraft(db(), trainer, scenarioId, { source: changed, baseRevision: 3 });
    expect(await publishDraft(db(), trainer, scenarioId, { revision: 4, changeNote: 'A better title.', acknowledgeWarnings: true })).toEqual({ version: 2, created: true });

    const versions = await db().select().from(scenarioVersions).where(eq(scenarioVersions.scenarioId, scenarioId));
    const v1 = versions.find((v) => v.version === 1)!;
    const v2 = versions.find((v) => v.version === 2)!;
    expect(v2).toMatchObject({ title: 'Publish me, again', publishedBy: trainer.id, changeNote: 'A better title.' });
    const [pinned] = await db().select().from(attempts).where(eq(attempts.id, started));
    expect(pinned!.scenarioVersionId).toBe(v1.id);
    const fresh = await startAttempt(db(), trainee.id, scenarioId, 'off');
    expect((await db().select().from(attempts).where(eq(attempts.id, fresh)))[0]!.scenarioVersionId).toBe(v2.id);
    expect((await readDraft(db(), trainer, scenarioId)).versions.map((v) => [v.version, v.publishedBy, v.changeNote])).toEqual([
      [2, 'Tess Trainer', 'A better title.'],
      [1, 'Tess Trainer', 'First version.'],
    ]);

    // Exported exactly as kept: two-space JSON and a final newline, the format of scenarios/.
    const file = await versionFile(db(), trainer, scenarioId, 2);
    expect(file.fileName).toBe(`${scenarioId}.json`);
    expect(file.text).toBe(`${JSON.stringify(JSON.parse(v2.source), null, 2)}\n`);
    await expect(versionFile(db(), trainer, scenarioId, 9)).rejects.toMatchObject({ status: 404 });
    const builtin = await versionFile(db(), trainer, 'closing-well', 1);
    expect(JSON.parse(builtin.text)).toEqual(JSON.parse((await readDraft(db(), trainer, 'closing-well')).source));
  });

  it('revisions carry a note; the one published says so, with its change note and the attempts pinned to it', async () => {
    const { scenarioId } = await createScenario(db(), trainer, { mode: 'blank', title: 'Noted changes' }, { now: T0 });
    const start = (await readDraft(db(), trainer, scenarioId)).source;
    await saveDraft(db(), trainer, scenarioId, { source: edit(start, (d) => (d.meta.summary = 'A caller wants a refund.')), baseRevision: 1 }, { now: at(1) });

    // A note on an autosaved revision, written afterwards; an empty one clears it.
    expect(await setRevisionNote(db(), trainer, scenarioId, 2, revisionNoteBody.parse({ note: '  Summary says what the caller wants.  ' }))).toMatchObject({
      revision: 2,
      note: 'Summary says what the caller wants.',
      published: [],
    });
    await setRevisionNote(db(), admin, scenarioId, 1, { note: 'Started from the template.' });
    await setRevisionNote(db(), admin, scenarioId, 1, revisionNoteBody.parse({ note: '   ' }));
    expect(revisionNoteBody.safeParse({ note: 'x'.repeat(501) }).success).toBe(false);
    await expect(setRevisionNote(db(), trainer, scenarioId, 99, { note: 'Nowhere' })).rejects.toMatchObject({ status: 404 });
    await expect(setRevisionNote(db(), trainee, scenarioId, 2, { note: 'Not mine' })).rejects.toMatchObject({ status: 403 });

    // Publishing revision 2 keeps its own note; publishing revision 3 gives it the change note.
    await publishDraft(db(), trainer, scenarioId, { revision: 2, changeNote: 'First version.', acknowledgeWarnings: true });
    await startAttempt(db(), trainee.id, scenarioId, 'off');
    await saveDraft(db(), trainer, scenarioId, { source: edit(start, (d) => (d.meta.title = 'Noted changes, again')), baseRevision: 2 }, { now: at(2) });
    await publishDraft(db(), trainer, scenarioId, { revision: 3, changeNote: 'A clearer title.', acknowledgeWarnings: true });

    const listed = await listRevisions(db(), trainer, scenarioId);
    expect(listed.map((r) => [r.revision, r.note, r.published])).toEqual([
      [3, 'A clearer title.', [{ version: 2, changeNote: 'A clearer title.', attempts: 0, newest: true }]],
      [2, 'Summary says what the caller wants.', [{ version: 1, changeNote: 'First version.', attempts: 1, newest: false }]],
      [1, null, []],
    ]);
    expect(await readRevision(db(), trainer, scenarioId, 2)).toMatchObject({ note: 'Summary says what the caller wants.', published: [{ version: 1 }] });
    const [v1] = await db()
      .select()
      .from(scenarioVersions)
      .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.version, 1)));
    expect(v1!.draftRevision).toBe(2);
  });

  it('a copy takes the title and id asked for; a bad or taken id is refused and nothing is created', async () => {
    const before = await scenarioCount();
    const body = (id: string) => newScenarioBody.parse({ mode: 'duplicate', fromScenarioId: 'closing-well', title: 'Closing well, our way', id });
    await expect(createScenario(db(), trainer, body('Closing Well'))).rejects.toMatchObject({ status: 400, code: 'invalid-id', details: { field: 'id' } });
    await expect(createScenario(db(), trainer, body('closing-well'))).rejects.toMatchObject({
      status: 409,
      code: 'scenario-exists',
      message: 'A scenario with the id "closing-well" already exists. Choose another id; nothing was created.',
      details: { field: 'id' },
    });
    expect(await scenarioCount()).toBe(before);
    expect(await takenScenarioIds(db(), trainer)).toContain('closing-well');
    await expect(takenScenarioIds(db(), trainee)).rejects.toMatchObject({ status: 403 });

    const copy = await createScenario(db(), trainer, body('closing-well-our-way'));
    expect(copy).toEqual({ scenarioId: 'closing-well-our-way', revision: 1 });
    const doc = JSON.parse((await readDraft(db(), trainer, copy.scenarioId)).source) as ScenarioDocument;
    expect([doc.id, doc.meta.title]).toEqual(['closing-well-our-way', 'Closing well, our way']);
    expect(await takenScenarioIds(db(), trainer)).toContain('closing-well-our-way');
  });

  it('a draft with design warnings is published only once the trainer confirms them; refused, nothing changes', async () => {
    const { scenarioId } = await createScenario(db(), trainer, { mode: 'blank', title: 'Warned draft' }, { now: T0 });
    const draft = await readDraft(db(), trainer, scenarioId);
    const expected = checkScenario(draft.source, { file: `${scenarioId}.json`, principles: PRINCIPLE_IDS, expectedId: scenarioId }).warnings;
    expect(expected.length).toBeGreaterThan(0);
    const published = async () => ({
      versions: await db().select().from(scenarioVersions).where(eq(scenarioVersions.scenarioId, scenarioId)),
      audit: (await db().select().from(auditLog).where(eq(auditLog.subject, scenarioId))).map((a) => a.action),
      revisions: (await listRevisions(db(), trainer, scenarioId)).length,
    });
    const before = await published();

    for (const acknowledgeWarnings of [undefined, false]) {
      const refused = await publishDraft(db(), trainer, scenarioId, { revision: 1, changeNote: 'First go.', acknowledgeWarnings }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UnacknowledgedWarningsError);
      expect(refused).toMatchObject({
        status: 409,
        code: 'unacknowledged-warnings',
        message: `The draft has ${expected.length} warnings. Nothing was published: look at them, then confirm to publish anyway.`,
      });
      // Each warning with its code, where, what, and why it matters, as the studio shows them.
      expect(((refused as HttpError).details as { warnings: unknown[] }).warnings).toEqual(
        expected.map((w) => ({ code: w.code, path: w.path, message: w.message, reason: WARNING_REASONS[w.code] })),
      );
    }
    // A confirmation that is not true or false is the schema's to refuse (the route test below).
    expect(publishBody.safeParse({ revision: 1, changeNote: 'First go.', acknowledgeWarnings: 'yes' }).error?.issues.map((i) => i.path)).toEqual([['acknowledgeWarnings']]);
    // Errors come first: a broken draft is refused for its errors whether or not warnings are confirmed.
    const broken = edit(draft.source, (d) => ((d.states.opening as { on: Record<string, { target: string }> }).on.greet!.target = 'nowhere'));
    await saveDraft(db(), trainer, scenarioId, { source: broken, baseRevision: 1 });
    await expect(publishDraft(db(), trainer, scenarioId, { revision: 2, changeNote: 'Broken.', acknowledgeWarnings: true })).rejects.toBeInstanceOf(InvalidScenarioError);
    await saveDraft(db(), trainer, scenarioId, { source: draft.source, baseRevision: 2 });
    expect(await published()).toEqual({ ...before, revisions: 3 });
    expect(before).toMatchObject({ versions: [], audit: [] });

    expect(await publishDraft(db(), trainer, scenarioId, { revision: 3, changeNote: 'First version, warnings read.', acknowledgeWarnings: true })).toEqual({
      version: 1,
      created: true,
    });
    const after = await published();
    expect(after.versions.map((v) => [v.version, v.changeNote])).toEqual([[1, 'First version, warnings read.']]);
    expect(after.audit).toEqual(['scenario-published']);
    // The audit entry says which warnings were knowingly accepted.
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'scenario-published'), eq(auditLog.subject, scenarioId)));
    expect((entry!.details as { confirmedWarnings?: string[] }).confirmedWarnings).toEqual([...new Set(expected.map((w) => w.code))]);
  });

  it('a draft without design warnings is published without asking', async () => {
    const { scenarioId } = await createScenario(db(), trainer, { mode: 'duplicate', fromScenarioId: 'forty-minutes-on-hold' });
    const draft = await readDraft(db(), trainer, scenarioId);
    expect(checkScenario(draft.source, { file: `${scenarioId}.json`, principles: PRINCIPLE_IDS, expectedId: scenarioId }).warnings).toEqual([]);
    expect(await publishDraft(db(), trainer, scenarioId, { revision: draft.revision, changeNote: 'A copy to adapt.' })).toEqual({ version: 1, created: true });
  });

  it('the publish route: 409 with the warnings unless the request confirms them, 400 for a confirmation that is not true or false, 201 once confirmed', async () => {
    const { POST } = await import('@/app/api/author/scenarios/[scenarioId]/publish/route');
    routeContext.db = db();
    routeContext.actor = trainer;
    const { scenarioId } = await createScenario(db(), trainer, { mode: 'blank', title: 'Route publish' });
    const post = (body: unknown) =>
      POST(
        new Request(`http://frontline.test/api/author/scenarios/${scenarioId}/publish`, {
          method: 'POST',
          headers: { origin: 'http://frontline.test', host: 'frontline.test', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ scenarioId }) },
      );
    const versions = async () => (await db().select().from(scenarioVersions).where(eq(scenarioVersions.scenarioId, scenarioId))).length;

    const refused = await post({ revision: 1, changeNote: 'First.' });
    expect(refused.status).toBe(409);
    const { error } = (await refused.json()) as { error: { code: string; message: string; details: { warnings: { code: string; path: string; reason: string }[] } } };
    expect(error.code).toBe('unacknowledged-warnings');
    expect(error.details.warnings.map((w) => w.code)).toEqual(['guessable-by-length', 'short-to-pass']);
    expect(error.details.warnings.map((w) => w.reason)).toEqual([WARNING_REASONS['guessable-by-length'], WARNING_REASONS['short-to-pass']]);
    expect(await versions()).toBe(0);

    const badFlag = await post({ revision: 1, changeNote: 'First.', acknowledgeWarnings: 'yes' });
    expect(badFlag.status).toBe(400);
    expect(((await badFlag.json()) as { error: { message: string } }).error.message).toMatch(/acknowledgeWarnings/);
    expect(await versions()).toBe(0);

    routeContext.actor = trainee;
    expect((await post({ revision: 1, changeNote: 'First.', acknowledgeWarnings: true })).status).toBe(403);
    expect(await versions()).toBe(0);

    routeContext.actor = trainer;
    const accepted = await post({ revision: 1, changeNote: 'First.', acknowledgeWarnings: true });
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toEqual({ version: 1, created: true });
    expect(await versions()).toBe(1);
  });

  it('keeps the format’s additions through import, saving, revisions, publishing, export and copying', async () => {
    const doc = { ...fixtureScenario(), id: 'additions-kept' } as ScenarioDocument;
    doc.meta.channel = 'social';
    const greet = doc.states.greet as unknown as { meta: Record<string, unknown>; on: Record<string, { meta: Record<string, unknown> }> };
    greet.meta.fixedOrder = true;
    greet.on.rush!.meta.critical = 'Demanded an account number before hearing the customer out.';
    greet.on.listen!.meta.intent = 'invites the story';
    greet.on.listen!.meta.examples = ['Hello, I am listening. What went wrong?', 'Hi, tell me what happened.'];
    greet.on.TIMEOUT!.meta.critical = 'Left the customer in silence.';
    const additions = (source: string) => {
      const read = JSON.parse(source) as ScenarioDocument;
      const state = read.states.greet as unknown as typeof greet;
      return {
        channel: read.meta.channel,
        fixedOrder: state.meta.fixedOrder,
        rush: state.on.rush!.meta.critical,
        listen: [state.on.listen!.meta.intent, state.on.listen!.meta.examples],
        timeout: state.on.TIMEOUT!.meta.critical,
      };
    };
    const expected = additions(asText(doc));
    expect(expected.fixedOrder).toBe(true);

    const { scenarioId } = await createScenario(db(), trainer, { mode: 'import', source: asText(doc), fileName: 'additions-kept.json' });
    const imported = await readDraft(db(), trainer, scenarioId);
    expect(additions(imported.source)).toEqual(expected);
    await saveDraft(db(), trainer, scenarioId, { source: edit(imported.source, (d) => (d.meta.title = 'Additions, kept')), baseRevision: 1 });
    expect(additions((await readRevision(db(), trainer, scenarioId, 2)).source)).toEqual(expected);
    await restoreRevision(db(), trainer, scenarioId, 1, { baseRevision: 2 });
    expect(additions((await readDraft(db(), trainer, scenarioId)).source)).toEqual(expected);

    expect(await publishDraft(db(), trainer, scenarioId, { revision: 3, changeNote: 'With the additions.', acknowledgeWarnings: true })).toEqual({ version: 1, created: true });
    const file = await versionFile(db(), trainer, scenarioId, 1);
    expect(additions(file.text)).toEqual(expected);
    const copy = await createScenario(db(), trainer, { mode: 'duplicate', fromScenarioId: scenarioId });
    expect(additions((await readDraft(db(), trainer, copy.scenarioId)).source)).toEqual(expected);
  });

  it('archives a scenario out of the library and back, audited; the studio lists each with its status', async () => {
    const { scenarioId } = await createScenario(db(), trainer, { mode: 'blank', title: 'Archive me' });
    const draft = await readDraft(db(), trainer, scenarioId);
    await publishDraft(db(), trainer, scenarioId, { revision: draft.revision, changeNote: 'Ready.', acknowledgeWarnings: true });
    await saveDraft(db(), trainer, scenarioId, { source: edit(draft.source, (d) => (d.meta.minutes = 9)), baseRevision: draft.revision });
    await startAttempt(db(), trainee.id, scenarioId, 'off');

    const entry = async (id: string) => (await studioList(db(), admin)).find((e) => e.scenarioId === id)!;
    expect(await entry(scenarioId)).toMatchObject({
      title: 'Archive me',
      origin: 'authored',
      publishedVersion: 1,
      unpublishedChanges: true,
      archived: false,
      attempts: 1,
      completedAttempts: 0,
      passRate: null,
      lastEditBy: 'Tess Trainer',
    });
    expect(await entry('closing-well')).toMatchObject({ origin: 'builtin', publishedVersion: 1, unpublishedChanges: false });
    expect(await entry('refund-refused')).toMatchObject({ publishedVersion: null, unpublishedChanges: false });

    expect(await setArchived(db(), trainer, scenarioId, { archived: true })).toEqual({ archived: true, retiredFrom: [], completed: 0 });
    expect((await listLibrary(db(), trainee.id)).map((e) => e.scenarioId)).not.toContain(scenarioId);
    expect(await entry(scenarioId)).toMatchObject({ archived: true });
    expect(await setArchived(db(), trainer, scenarioId, { archived: false })).toEqual({ archived: false, retiredFrom: [], completed: 0 });
    expect((await listLibrary(db(), trainee.id)).map((e) => e.scenarioId)).toContain(scenarioId);
    const audit = await db().select().from(auditLog).where(eq(auditLog.subject, scenarioId)).orderBy(asc(auditLog.at));
    expect(audit.map((a) => a.action).filter((a) => a !== 'scenario-published')).toEqual(['scenario-archived', 'scenario-unarchived']);
  });
});
