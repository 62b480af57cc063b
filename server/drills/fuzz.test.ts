import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenario, MAX_FILE_BYTES, PRINCIPLE_IDS } from '@/machines';
import { createScenario, saveDraft } from '../studio/authoring';
import { users, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { parseBody } from '../platform/parse-body';
import { saveDraftBody } from '../studio/schemas';
import { publishBuiltinScenarios } from '../training/library';
import { createTestDatabase, type TestDatabase } from '../test-support/databases';
import { checkerProperty, importProperty, parseCheckerPath, saveProperty, startupProperty, studioFingerprint } from './scenario-fuzz';
import { baseScenarios } from './scenario-mutations';

/**
 * The short run of the scenario fuzzer (`npm run drills -- fuzz` runs thousands of cases): a fixed
 * seed, so a failure here is the same failure on the next run.
 */
const SEED = 20_261_124;
const RUNS = { checker: 60, import: 25, save: 25, startup: 4 };
const SCENARIOS = path.join(process.cwd(), 'scenarios');
const bases = baseScenarios(SCENARIOS);

describe('scenario fuzzer: the checker', () => {
  it('reads its own paths back', () => {
    expect(parseCheckerPath('(root)')).toEqual([]);
    expect(parseCheckerPath('states.opening.on.own-the-wait[0].target')).toEqual(['states', 'opening', 'on', 'own-the-wait', 0, 'target']);
    expect(parseCheckerPath('states["__proto__"].meta["a b"]')).toEqual(['states', '__proto__', 'meta', 'a b']);
  });

  it('never throws, and names a path for every error, on mutated scenarios', () => {
    fc.assert(checkerProperty(bases), { seed: SEED, numRuns: RUNS.checker });
  });

  it('refuses text nested too deep for the parser with a message at the root, instead of overflowing the stack', () => {
    const deep = `{"id":"deep-one","context":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const result = checkScenario(deep, { file: 'deep-one.json', principles: PRINCIPLE_IDS });
    expect(result.errors).toEqual([{ path: '(root)', message: 'nested more than 64 levels deep at line 1, column 91' }]);
  });

  it('refuses a 10 MB file by its size, and a __proto__ key as an unknown key', () => {
    const huge = checkScenario(`{"id":"x","pad":"${'x'.repeat(10 * MAX_FILE_BYTES)}"}`, { file: 'x.json', principles: PRINCIPLE_IDS });
    expect(huge.errors).toEqual([{ path: '(root)', message: `the file is ${10 * MAX_FILE_BYTES + 19} bytes; at most ${MAX_FILE_BYTES} (1 MB) is allowed` }]);
    const proto = checkScenario('{"__proto__":{"polluted":true},"id":"proto"}', { file: 'proto.json', principles: PRINCIPLE_IDS });
    expect(proto.errors).toContainEqual({ path: '__proto__', message: 'unknown key "__proto__"' });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses a __proto__ key where the format has a map of names (zod skips such keys in records)', () => {
    const doc = JSON.parse(JSON.stringify(bases[0]!.doc)) as { states: Record<string, { on?: Record<string, unknown> }> };
    const decision = Object.keys(doc.states).find((name) => doc.states[name]!.on)!;
    const ownKey = (target: object, value: unknown) => Object.defineProperty(target, '__proto__', { value, enumerable: true });
    ownKey(doc.states, { type: 'final' });
    ownKey(doc.states[decision]!.on!, 0);
    const text = JSON.stringify(doc);
    const result = checkScenario(text, { file: 'proto.json', principles: PRINCIPLE_IDS });
    expect(result.errors).toContainEqual({ path: 'states.__proto__', message: 'the key "__proto__" is not allowed' });
    expect(result.errors).toContainEqual({ path: `states.${decision}.on.__proto__`, message: 'the key "__proto__" is not allowed' });
  });
});

describe('scenario fuzzer: the studio and start-up', () => {
  let database: TestDatabase;
  let startup: TestDatabase;
  let author: User;
  let draftId: string;

  beforeAll(async () => {
    [database, startup] = await Promise.all([createTestDatabase('pglite'), createTestDatabase('pglite')]);
    [author] = (await database.db.insert(users).values({ name: 'Fran Fuzz', email: 'fran@example.test', role: 'trainer' }).returning()) as [User];
    ({ scenarioId: draftId } = await createScenario(database.db, author, { mode: 'blank', title: 'Fuzzed draft' }));
  });
  afterAll(async () => {
    await database?.dispose();
    await startup?.dispose();
  });

  /** A save as the draft route makes it: the body held to its schema, then the service. */
  const saveAsRequested = async (source: unknown, baseRevision: unknown) => saveDraft(database.db, author, draftId, parseBody(saveDraftBody, { source, baseRevision }));

  it('import: refuses a bad file with a 4xx and a message, and stores nothing', async () => {
    await fc.assert(importProperty(database.db, author, bases), { seed: SEED, numRuns: RUNS.import });
  });

  it('draft saves: only JSON objects of at most 1 MB are stored; anything else is a 4xx that changes nothing', async () => {
    await fc.assert(saveProperty(database.db, author, draftId, bases), { seed: SEED, numRuns: RUNS.save });
  });

  it('draft saves: a 10 MB body and text that is not an object are refused by name', async () => {
    const before = await studioFingerprint(database.db);
    const refusal = (source: unknown) =>
      saveAsRequested(source, 1).then(
        () => null,
        (e: unknown) => e as HttpError,
      );
    expect(await refusal(`{"a":"${'x'.repeat(10 * MAX_FILE_BYTES)}"}`)).toMatchObject({ status: 413, code: 'too-large' });
    expect(await refusal('[1,2]')).toMatchObject({ status: 400, message: 'The scenario must be a JSON object.' });
    expect(await refusal('{"a":')).toMatchObject({ status: 400, code: 'invalid-draft' });
    expect(await studioFingerprint(database.db)).toBe(before);
  });

  it('draft saves: a baseRevision past the database’s integer range is a 4xx that changes nothing', async () => {
    const before = await studioFingerprint(database.db);
    for (const baseRevision of [2 ** 31, Number.MAX_SAFE_INTEGER + 2]) {
      const error = await saveAsRequested('{}', baseRevision).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 400, code: 'invalid', details: expect.arrayContaining([expect.objectContaining({ path: 'baseRevision' })]) });
    }
    expect(await studioFingerprint(database.db)).toBe(before);
  });

  it('start-up: skips every bad file with a path and publishes the good ones', async () => {
    await fc.assert(startupProperty(startup.db, SCENARIOS, bases), { seed: SEED, numRuns: RUNS.startup });
    // The good files were published once, on the first run, and left alone after.
    expect((await publishBuiltinScenarios(startup.db, SCENARIOS)).published).toEqual([]);
  });
});
