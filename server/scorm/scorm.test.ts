import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialSnapshot, step } from '@/machines';
import { allPaths } from '@/machines/test-fixtures/all-paths';
import { claimsFromCookies, SESSION_COOKIE } from '../auth/session';
import { attempts, auditLog, scormAccounts, scormLaunches, scormPackages, users, type User } from '../db/schema';
import { handle } from '../platform/http';
import { parseBody } from '../platform/parse-body';
import { submitChoice } from '../training/attempts';
import { compiledVersion, newestVersion, publishBuiltinScenarios } from '../training/library';
import { answerFor } from '../test-support/answers';
import { createTestDatabase, type TestDatabase } from '../test-support/databases';
import { launch, open, status } from './endpoints';
import { createPackage, OPEN_TICKET_MS, readableName, STATUS_TOKEN_MS } from './launches';
import { SUSPEND_PREFIX } from './launcher';
import { packageFiles, SCO_FILES } from './package';
import { scormLaunchBody } from './schemas';

const SITE = 'http://frontline.test';
const SECRET = 'a-test-secret-for-scorm-sessions-that-is-long-enough';

/** The package's files, from its zip. */
const unzip = (zip: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));
/** The package id and key its launcher carries. */
const configOf = (files: Record<string, string>) =>
  JSON.parse(/window\.FRONTLINE_PACKAGE = (.*);/.exec(files['config.js']!)![1]!) as { origin: string; packageId: string; key: string };

describe('the SCORM 1.2 manifest', () => {
  const files = packageFiles({ packageId: '4a0e7c1e-0000-4000-8000-000000000001', key: 'k'.repeat(43), origin: SITE, title: 'Refunds & "returns" <hard>' });
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'file' });

  it('is well-formed XML, with the title escaped', () => {
    expect(XMLValidator.validate(files['imsmanifest.xml']!)).toBe(true);
    // The parser reads the entities back: the title is the scenario's, exactly.
    expect(parser.parse(files['imsmanifest.xml']!).manifest.organizations.organization.title).toBe('Refunds & "returns" <hard>');
    expect(files['imsmanifest.xml']).toContain('<title>Refunds &amp; &quot;returns&quot; &lt;hard&gt;</title>');
    // A title left unescaped would not be well-formed: the validator is not lenient.
    expect(XMLValidator.validate('<manifest><title>Refunds & <hard></title></manifest>')).not.toBe(true);
  });

  it('declares SCORM 1.2 with the IMS content packaging and ADL namespaces', () => {
    const manifest = parser.parse(files['imsmanifest.xml']!).manifest;
    expect(manifest['@xmlns']).toBe('http://www.imsproject.org/xsd/imscp_rootv1p1p2');
    expect(manifest['@xmlns:adlcp']).toBe('http://www.adlnet.org/xsd/adlcp_rootv1p2');
    expect(manifest['@identifier']).toBe('frontline-4a0e7c1e-0000-4000-8000-000000000001');
    expect(manifest.metadata).toEqual({ schema: 'ADL SCORM', schemaversion: 1.2 });
  });

  it('has one organization, the default, whose one item opens the one SCO, and lists every file the package holds', () => {
    const manifest = parser.parse(files['imsmanifest.xml']!).manifest;
    const organization = manifest.organizations.organization;
    expect(manifest.organizations['@default']).toBe(organization['@identifier']);
    const resource = manifest.resources.resource;
    expect(organization.item['@identifierref']).toBe(resource['@identifier']);
    expect(resource).toMatchObject({ '@type': 'webcontent', '@adlcp:scormtype': 'sco', '@href': 'index.html' });
    const listed = resource.file.map((f: { '@href': string }) => f['@href']);
    expect(listed).toEqual([...SCO_FILES]);
    expect(Object.keys(files).sort()).toEqual(['imsmanifest.xml', ...SCO_FILES].sort());
    // No mastery score: Frontline decides passed or failed, and an LMS would override it from the score.
    expect(files['imsmanifest.xml']).not.toContain('masteryscore');
  });

  it('has a launcher page that loads its settings and the script', () => {
    expect(files['index.html']).toContain('<script src="config.js"></script>');
    expect(files['index.html']).toContain('<script src="launcher.js"></script>');
    expect(files['index.html']).toContain('Refunds &#38; &#34;returns&#34; &#60;hard&#62;');
    expect(configOf(files)).toEqual({ origin: SITE, packageId: '4a0e7c1e-0000-4000-8000-000000000001', key: 'k'.repeat(43) });
  });

  it('turns SCORM’s “Last, First” into a readable name', () => {
    expect(readableName('Lovelace, Ada')).toBe('Ada Lovelace');
    expect(readableName('Ada Lovelace')).toBe('Ada Lovelace');
    expect(readableName('a, b, c')).toBe('a, b, c');
  });
});

describe('SCORM launches, as the launcher in an LMS makes them', () => {
  let database: TestDatabase;
  let trainer: User;
  const db = () => database.db;

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = SECRET;
    database = await createTestDatabase('pglite');
    await publishBuiltinScenarios(db(), 'scenarios');
    trainer = (await db().insert(users).values({ email: 'trainer@example.test', name: 'Tess Trainer', role: 'trainer' }).returning())[0]!;
  });
  afterAll(async () => database?.dispose());

  const request = (path: string, init: RequestInit = {}) =>
    new Request(`http://localhost:3000${path}`, { ...init, headers: { host: 'frontline.test', origin: 'https://lms.example.test', ...init.headers } });
  /** The handshake as the launcher posts it, answered as the route answers it (JSON, 4xx for a refusal). */
  const handshake = (body: Record<string, unknown>, now = new Date()) =>
    handle(async () => launch(db(), request('/api/scorm/launch', { method: 'POST' }), parseBody(scormLaunchBody, body), now));
  const statusOf = (token: string, now = new Date()) => handle(async () => status(db(), request(`/api/scorm/status?token=${encodeURIComponent(token)}`), now));
  const opened = (ticket: string, now = new Date()) => handle(async () => open(db(), request('/api/scorm/open', { method: 'POST' }), ticket, now));
  const counts = async () => ({
    users: (await db().select({ id: users.id }).from(users)).length,
    accounts: (await db().select({ id: scormAccounts.studentId }).from(scormAccounts)).length,
    launches: (await db().select({ id: scormLaunches.id }).from(scormLaunches)).length,
    attempts: (await db().select({ id: attempts.id }).from(attempts)).length,
  });

  async function newPackage() {
    const made = await createPackage(db(), trainer, 'closing-well', { origin: SITE, now: new Date(), address: '198.51.100.7' });
    return { made, config: configOf(unzip(made.zip)) };
  }

  it('makes a package with its own key, keeps only the key’s hash, and audits the download', async () => {
    const { made, config } = await newPackage();
    expect(made.fileName).toBe('frontline-closing-well-scorm12.zip');
    const [row] = await db().select().from(scormPackages).where(eq(scormPackages.id, config.packageId));
    expect(row).toMatchObject({ scenarioId: 'closing-well', createdBy: trainer.id, revokedAt: null });
    expect(row!.keyHash).not.toContain(config.key);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'scorm-package-downloaded'));
    expect(entry).toMatchObject({ actorId: trainer.id, subject: 'closing-well', details: { packageId: config.packageId } });
    // Another download is another package, with another key.
    expect((await newPackage()).config.key).not.toBe(config.key);
  });

  it('links the learner on the first launch, opens their attempt with a one-time ticket, and reports the finished attempt to the launcher', async () => {
    const { config } = await newPackage();
    const learner = { packageId: config.packageId, key: config.key, studentId: 'lms-student-1', studentName: 'Lovelace, Ada' };
    const first = await handshake(learner);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { ticket: string; statusToken: string; learnerSecret: string };
    expect(answer.learnerSecret.length).toBeGreaterThan(30);
    const [link] = await db().select().from(scormAccounts).where(eq(scormAccounts.studentId, 'lms-student-1'));
    const [person] = await db().select().from(users).where(eq(users.id, link!.userId));
    expect(person).toMatchObject({ name: 'Ada Lovelace', role: 'trainee' });
    expect(person!.email).toMatch(/^scorm-[0-9a-f]{16}@scorm\.invalid$/);
    expect(link!.secretHash).not.toContain(answer.learnerSecret);

    // Nothing finished yet.
    expect(await (await statusOf(answer.statusToken)).json()).toEqual({ state: 'playing' });

    // The ticket signs the learner in and opens the attempt, once.
    const signedIn = await opened(answer.ticket);
    expect(signedIn.status).toBe(303);
    const path = signedIn.headers.get('location')!;
    expect(path).toMatch(/^\/play\/[0-9a-f-]{36}$/);
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    const claims = await claimsFromCookies(
      { [SESSION_COOKIE]: session.split(';')[0]!.slice(SESSION_COOKIE.length + 1) },
      { secret: SECRET, nowSeconds: Math.floor(Date.now() / 1000), maxDays: 7 },
    );
    expect(claims).toEqual({ id: person!.id, tokenVersion: 0 });
    const reused = await opened(answer.ticket);
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: { message: string } }).error.message).toContain('already used or is over five minutes old');
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetUserId, person!.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['scorm-launch', 'sign-in', 'user-created']);

    // Play to the end, as the player would.
    const attemptId = path.slice('/play/'.length);
    const scenario = await compiledVersion(db(), (await newestVersion(db(), 'closing-well'))!.id);
    let snapshot = initialSnapshot(scenario);
    for (const [seq, event] of allPaths(scenario)[0]!.events.entries()) {
      const reply = await submitChoice(db(), { attemptId, userId: person!.id, seq, ...answerFor(scenario, snapshot, attemptId, event) });
      expect(reply.status).toBe('applied');
      const stepped = step(scenario, snapshot, event);
      if (!stepped.ok) throw new Error(`${event} is not open`);
      snapshot = stepped.next;
    }
    const [finished] = await db().select().from(attempts).where(eq(attempts.id, attemptId));
    expect(finished!.status).toBe('completed');
    const scoreRaw = Math.floor(finished!.overallPercent! * 100) / 100;
    expect(await (await statusOf(answer.statusToken)).json()).toEqual({
      state: 'finished',
      lessonStatus: finished!.passed ? 'passed' : 'failed',
      scoreRaw,
      summary: `You ${finished!.passed ? 'passed' : 'did not pass'} with ${Math.floor(scoreRaw)}%.`,
    });

    // A later launch with the secret the LMS kept opens the same account, and a new attempt.
    const again = await handshake({ ...learner, studentName: 'Someone, Else', learnerSecret: answer.learnerSecret });
    expect(again.status).toBe(200);
    const second = (await again.json()) as { ticket: string; learnerSecret: string | null };
    expect(second.learnerSecret).toBeNull();
    const reopened = await opened(second.ticket);
    expect(reopened.headers.get('location')).not.toBe(path);
    expect(await db().select().from(scormAccounts).where(eq(scormAccounts.userId, person!.id))).toHaveLength(1);
    expect((await db().select().from(users).where(eq(users.id, person!.id)))[0]!.name).toBe('Ada Lovelace');
  });

  it('resumes the attempt an earlier launch of the package left unfinished', async () => {
    const { config } = await newPackage();
    const first = (await (await handshake({ packageId: config.packageId, key: config.key, studentId: 'lms-student-2', studentName: 'Two, Student' })).json()) as {
      ticket: string;
      learnerSecret: string;
    };
    const path = (await opened(first.ticket)).headers.get('location');
    const second = (await (await handshake({ packageId: config.packageId, key: config.key, studentId: 'lms-student-2', learnerSecret: first.learnerSecret })).json()) as {
      ticket: string;
    };
    expect((await opened(second.ticket)).headers.get('location')).toBe(path);
  });

  describe('refuses with a clear 4xx, creating nothing,', () => {
    const refused = async (response: Response, status: number, words: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(words);
    };

    it('a forged package key, or a package Frontline never made', async () => {
      const { config } = await newPackage();
      const before = await counts();
      await refused(await handshake({ packageId: config.packageId, key: `${config.key.slice(0, -4)}AAAA`, studentId: 'forger' }), 401, 'not one Frontline made');
      await refused(await handshake({ packageId: '00000000-0000-4000-8000-000000000000', key: config.key, studentId: 'forger' }), 401, 'not one Frontline made');
      expect(await counts()).toEqual(before);
    });

    it('a withdrawn package', async () => {
      const { config } = await newPackage();
      await db().update(scormPackages).set({ revokedAt: new Date() }).where(eq(scormPackages.id, config.packageId));
      const before = await counts();
      await refused(await handshake({ packageId: config.packageId, key: config.key, studentId: 'someone' }), 403, 'withdrawn');
      expect(await counts()).toEqual(before);
    });

    it('another learner’s id without the secret the LMS keeps for that learner', async () => {
      const { config } = await newPackage();
      const victim = { packageId: config.packageId, key: config.key, studentId: 'lms-student-3', studentName: 'Three, Student' };
      const first = (await (await handshake(victim)).json()) as { learnerSecret: string };
      const before = await counts();
      await refused(await handshake(victim), 403, 'did not give back the key it keeps for them');
      await refused(await handshake({ ...victim, learnerSecret: `${SUSPEND_PREFIX}not-their-secret-at-all` }), 403, 'did not give back the key it keeps for them');
      expect(first.learnerSecret).toBeTruthy();
      expect(await counts()).toEqual(before);
    });

    it('an expired ticket, and a status token that is expired or never issued', async () => {
      const { config } = await newPackage();
      const now = new Date();
      const answer = (await (await handshake({ packageId: config.packageId, key: config.key, studentId: 'lms-student-4' }, now)).json()) as { ticket: string; statusToken: string };
      await refused(await opened(answer.ticket, new Date(now.getTime() + OPEN_TICKET_MS + 1000)), 400, 'over five minutes old');
      await refused(await statusOf(answer.statusToken, new Date(now.getTime() + STATUS_TOKEN_MS + 1000)), 404, 'does not know this launch');
      await refused(await statusOf('never-issued'), 404, 'does not know this launch');
      await refused(await handle(async () => status(db(), request('/api/scorm/status'))), 400, 'token is missing');
    });

    it('a handshake without the learner', async () => {
      const { config } = await newPackage();
      await refused(
        await handle(async () => launch(db(), request('/api/scorm/launch'), parseBody(scormLaunchBody, { packageId: config.packageId, key: config.key, studentId: ' ' }))),
        400,
        'studentId is empty',
      );
    });
  });
});
