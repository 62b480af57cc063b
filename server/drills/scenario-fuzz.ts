import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { checkScenario, MAX_FILE_BYTES, PRINCIPLE_IDS, type CheckMessage } from '@/machines';
import { createScenario, readDraft, saveDraft, studioList } from '../studio/authoring';
import type { Database } from '../db';
import { scenarioDraftRevisions, scenarioDrafts, scenarios, scenarioVersions, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { parseBody } from '../platform/parse-body';
import { saveDraftBody } from '../studio/schemas';
import { publishBuiltinScenarios } from '../training/library';
import { fuzzedScenario, type BaseScenario } from './scenario-mutations';

/**
 * The fuzzer's properties, shared by the short run in `npm test` and the long one in
 * `npm run drills -- fuzz`: whatever a scenario file holds, the checker answers with errors that
 * name a path, the studio's import and save answer 4xx and store nothing invalid, and start-up
 * skips the bad files and publishes the good ones.
 */

export class DrillFailure extends Error {}

function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DrillFailure(message);
}

const SEGMENT = /^(?:([A-Za-z_$][A-Za-z0-9_$-]*)|\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/** A path as the checker prints it (`states.a.on["x y"][0].target`), back into its segments. */
export function parseCheckerPath(printed: string): (string | number)[] | null {
  if (printed === '(root)') return [];
  const segments: (string | number)[] = [];
  let rest = printed;
  while (rest) {
    const match = SEGMENT.exec(rest);
    if (!match) return null;
    if (match[1] !== undefined && segments.length > 0) return null;
    segments.push(match[1] ?? match[2] ?? (match[3] !== undefined ? Number(match[3]) : (JSON.parse(match[4]!) as string)));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

function resolves(root: unknown, segments: readonly (string | number)[]): boolean {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return true;
}

/**
 * Every message names a path that is in the document, or whose parent is (a key that is missing).
 * Without a parsed document (the text is not JSON) only the root can be named.
 */
export function assertMessagesNamePaths(messages: readonly CheckMessage[], document: unknown, what: string): void {
  for (const m of messages) {
    ensure(typeof m.path === 'string' && m.path.length > 0, `${what}: a message without a path: ${JSON.stringify(m)}`);
    ensure(typeof m.message === 'string' && m.message.trim().length > 0, `${what}: a message without words at ${m.path}`);
    const segments = parseCheckerPath(m.path);
    ensure(segments, `${what}: the path ${JSON.stringify(m.path)} cannot be read back`);
    if (document === undefined) {
      ensure(segments.length === 0, `${what}: ${m.path}: a path into text that is not JSON`);
      continue;
    }
    ensure(resolves(document, segments) || resolves(document, segments.slice(0, -1)), `${what}: ${m.path}: neither the path nor its parent is in the document (${m.message})`);
  }
}

const parsedOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The document the checker sees in a text: none past the size limit (it is not parsed) or when it is not JSON. */
const documentIn = (text: string): unknown => (new TextEncoder().encode(text).length > MAX_FILE_BYTES ? undefined : parsedOrUndefined(text));

/** The checker never throws, and its answer is consistent: valid exactly when there are no errors, every message at a path. */
export function checkerProperty(bases: readonly BaseScenario[]) {
  return fc.property(fuzzedScenario(bases), ({ recipe, text }) => {
    let result;
    try {
      result = checkScenario(text, { file: 'fuzzed.json', principles: PRINCIPLE_IDS });
    } catch (error) {
      throw new DrillFailure(`the checker threw on (${recipe}): ${(error as Error).stack ?? String(error)}`);
    }
    ensure(result.valid === (result.errors.length === 0), `valid is ${result.valid} with ${result.errors.length} errors (${recipe})`);
    ensure(result.valid === (result.document !== null), `a valid result must carry its document and only then (${recipe})`);
    const document = documentIn(text);
    assertMessagesNamePaths(result.errors, document, recipe);
    assertMessagesNamePaths(result.warnings, document, recipe);
    if (result.valid) {
      const again = checkScenario(JSON.stringify(result.document), { file: 'again.json', principles: PRINCIPLE_IDS });
      ensure(again.valid, `a valid document is not valid once written out again (${recipe}): ${JSON.stringify(again.errors.slice(0, 3))}`);
    }
  });
}

/** Row counts of the studio's tables, to show a refused request stored nothing. */
export async function studioFingerprint(db: Database): Promise<string> {
  const count = async (table: typeof scenarios | typeof scenarioDrafts | typeof scenarioDraftRevisions | typeof scenarioVersions) =>
    (await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table))[0]!.n;
  return JSON.stringify({
    scenarios: await count(scenarios),
    drafts: await count(scenarioDrafts),
    revisions: await count(scenarioDraftRevisions),
    versions: await count(scenarioVersions),
  });
}

/** A refusal must be an HttpError with a 4xx status, a code and a message. */
function assertRefusal(error: unknown, what: string): HttpError {
  ensure(error instanceof HttpError, `${what}: crashed with ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  ensure(error.status >= 400 && error.status < 500, `${what}: answered ${error.status} (${error.message})`);
  ensure(error.code && error.message.trim(), `${what}: a refusal without a code or message`);
  return error;
}

/**
 * The studio's import: a file is taken whole or not at all. A refusal is 4xx with a message and
 * adds no row; an import that succeeds stores a draft the checker passes.
 */
export function importProperty(db: Database, author: User, bases: readonly BaseScenario[]) {
  return fc.asyncProperty(fuzzedScenario(bases), async ({ recipe, text }) => {
    const before = await studioFingerprint(db);
    let created: { scenarioId: string } | null = null;
    try {
      created = await createScenario(db, author, { mode: 'import', source: text, fileName: 'fuzzed.json' });
    } catch (error) {
      const refusal = assertRefusal(error, `import of (${recipe})`);
      if (refusal.code === 'invalid-scenario') {
        const details = refusal.details as { errors: CheckMessage[] };
        ensure(details.errors.length > 0, `import of (${recipe}) refused as invalid without errors`);
        assertMessagesNamePaths(details.errors, documentIn(text), `import of (${recipe})`);
      }
      ensure((await studioFingerprint(db)) === before, `import of (${recipe}) was refused but changed the tables: ${before} → ${await studioFingerprint(db)}`);
      return;
    }
    const [draft] = await db.select({ source: scenarioDrafts.source }).from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, created.scenarioId));
    ensure(draft, `import of (${recipe}) succeeded without a draft`);
    const stored = checkScenario(draft.source, { file: `${created.scenarioId}.json`, principles: PRINCIPLE_IDS, expectedId: created.scenarioId });
    ensure(stored.valid, `import of (${recipe}) stored a draft the checker refuses: ${JSON.stringify(stored.errors.slice(0, 3))}`);
  });
}

const notText = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 1, true, [], {}, ['{}'], { source: '{}' }),
  fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'string'),
);
const badRevision = fc.constantFrom<unknown>(0, -1, 1.5, '1', null, undefined, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, [], {});

/**
 * A draft save: only a JSON object of at most 1 MB is stored (a draft may fail the checker; it is
 * work in progress). A refusal is 4xx with a message and changes nothing; the draft can be read
 * and the studio listed afterwards.
 */
export function saveProperty(db: Database, author: User, scenarioId: string, bases: readonly BaseScenario[]) {
  const source = fc.oneof(
    { weight: 8, arbitrary: fuzzedScenario(bases).map((f) => ({ recipe: f.recipe, value: f.text as unknown })) },
    { weight: 1, arbitrary: notText.map((value) => ({ recipe: `not text: ${String(JSON.stringify(value))}`, value })) },
  );
  const revision = fc.oneof(
    { weight: 6, arbitrary: fc.constant('current' as const) },
    { weight: 1, arbitrary: fc.constant('stale' as const) },
    { weight: 1, arbitrary: badRevision.map((value) => ({ value })) },
  );
  return fc.asyncProperty(source, revision, async (input, which) => {
    const [current] = await db.select().from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, scenarioId));
    ensure(current, 'the draft under test is gone');
    const baseRevision = which === 'current' ? current.revision : which === 'stale' ? Math.max(1, current.revision - 1) : which.value;
    const before = await studioFingerprint(db);
    const what = `save of (${input.recipe}) on revision ${String(baseRevision)}`;
    try {
      // Held to the route's schema first, as a request would be: the service takes parsed input.
      await saveDraft(db, author, scenarioId, parseBody(saveDraftBody, { source: input.value, baseRevision }));
    } catch (error) {
      assertRefusal(error, what);
      ensure((await studioFingerprint(db)) === before, `${what} was refused but changed the tables`);
      return;
    }
    const [after] = await db.select().from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, scenarioId));
    ensure(after, `${what}: the draft is gone`);
    ensure(new TextEncoder().encode(after.source).length <= MAX_FILE_BYTES, `${what}: stored a draft over 1 MB`);
    const stored = parsedOrUndefined(after.source);
    ensure(stored !== null && typeof stored === 'object' && !Array.isArray(stored), `${what}: stored a draft that is not a JSON object`);
    const [newest] = await db
      .select({ source: scenarioDraftRevisions.source })
      .from(scenarioDraftRevisions)
      .where(eq(scenarioDraftRevisions.scenarioId, scenarioId))
      .orderBy(sql`${scenarioDraftRevisions.revision} desc`)
      .limit(1);
    const kept = parsedOrUndefined(newest!.source);
    ensure(kept !== null && typeof kept === 'object' && !Array.isArray(kept), `${what}: kept a revision that is not a JSON object`);
    // What was stored can be opened again.
    try {
      await readDraft(db, author, scenarioId);
      await studioList(db, author);
    } catch (error) {
      throw new DrillFailure(`${what}: afterwards the studio fails: ${(error as Error).stack ?? String(error)}`);
    }
  });
}

/**
 * Start-up on a directory of good files and fuzzed ones: nothing throws, every fuzzed file is
 * skipped with messages that name paths, every good one is published, and only good ids have versions.
 */
export function startupProperty(db: Database, goodDirectory: string, bases: readonly BaseScenario[]) {
  return fc.asyncProperty(fc.array(fuzzedScenario(bases), { minLength: 1, maxLength: 4 }), async (fuzzed) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-fuzz-startup-'));
    try {
      const good = (await readdir(goodDirectory)).filter((f) => f.endsWith('.json') && f !== 'principles.json');
      for (const f of good) await copyFile(path.join(goodDirectory, f), path.join(dir, f));
      // Named to sort after the good files, so a fuzzed copy of a good id is the duplicate that is refused.
      const names = fuzzed.map((_, i) => `zz-fuzz-${i}.json`);
      await Promise.all(fuzzed.map((f, i) => writeFile(path.join(dir, names[i]!), f.text)));
      const recipes = fuzzed.map((f, i) => `${names[i]}: ${f.recipe}`).join(' | ');

      let report;
      try {
        report = await publishBuiltinScenarios(db, dir);
      } catch (error) {
        throw new DrillFailure(`start-up threw on (${recipes}): ${(error as Error).stack ?? String(error)}`);
      }
      const loaded = new Set([...report.published.map((p) => p.id), ...report.unchanged]);
      for (const f of good) ensure(loaded.has(f.replace(/\.json$/, '')), `start-up did not publish the good file ${f} next to (${recipes})`);
      const skipped = new Map(report.skipped.map((s) => [path.basename(s.file), s]));
      fuzzed.forEach((f, i) => {
        const result = skipped.get(names[i]!);
        ensure(result, `start-up did not skip ${names[i]} (${f.recipe})`);
        ensure(result.errors.length > 0, `${names[i]} skipped without an error`);
        // Read back as start-up reads it: lone surrogates become U+FFFD on the way to disk.
        const onDisk = Buffer.from(f.text, 'utf8').toString('utf8');
        assertMessagesNamePaths(result.errors, documentIn(onDisk), `start-up, ${names[i]} (${f.recipe})`);
      });
      const withVersions = await db.selectDistinct({ id: scenarioVersions.scenarioId }).from(scenarioVersions);
      const goodIds = new Set(good.map((f) => f.replace(/\.json$/, '')));
      for (const { id } of withVersions) ensure(goodIds.has(id), `start-up published "${id}", which is not a good file (${recipes})`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
