import { and, eq } from 'drizzle-orm';
import { createLocalJWKSet, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criticalErrors, hasPassed, initialSnapshot, scoreAttempt, step } from '@/machines';
import { allPaths } from '@/machines/test-fixtures/all-paths';
import { claimsFromCookies, SESSION_COOKIE } from '../auth/session';
import { assignments, attempts, auditLog, ltiAccounts, ltiGradeDeliveries, ltiLaunches, ltiModuleGradeDeliveries, users } from '../db/schema';
import { createAssignmentRule } from '../onboarding/assignments';
import { createModule } from '../onboarding/modules';
import { startAttempt } from '../training/attempts';
import { submitChoice } from '../training/attempts';
import { compiledVersion, newestVersion, publishBuiltinScenarios } from '../training/library';
import { answerFor } from '../test-support/answers';
import { createTestDatabase, type TestDatabase } from '../test-support/databases';
import { startTestPlatform, type TestPlatform } from '../test-support/lti-platform';
import { CLAIM } from './claims';
import { deepLinkingRequest, deepLinkingResponse } from './deep-linking';
import { launch, login, open } from './endpoints';
import { gradeStatus, scoresUrl, sendPendingGrades, sendPendingModuleGrades } from './grades';
import { publicKeySet, rotateSigningKey } from './keys';
import { launchTarget, placeholderEmail } from './launch';
import { registerPlatform } from './platforms';
import { deepLinkBody } from './schemas';

const SITE = 'http://frontline.test';
const SECRET = 'a-test-secret-for-lti-sessions-that-is-long-enough';

describe('the launch target', () => {
  const base = { messageType: 'LtiResourceLinkRequest' as const, custom: {}, targetLinkUri: null };
  it('is the custom parameter, else the target link URI, else home', () => {
    expect(launchTarget({ ...base, custom: { scenario: 'closing-well' } })).toEqual({ kind: 'scenario', scenarioId: 'closing-well' });
    expect(launchTarget({ ...base, targetLinkUri: `${SITE}/scenarios/closing-well` })).toEqual({ kind: 'scenario', scenarioId: 'closing-well' });
    expect(launchTarget({ ...base, targetLinkUri: `${SITE}/modules/7d3f0e4e-1111-4a2b-9c3d-000000000001` })).toEqual({
      kind: 'module',
      moduleId: '7d3f0e4e-1111-4a2b-9c3d-000000000001',
    });
    expect(launchTarget({ ...base, targetLinkUri: `${SITE}/api/lti/launch` })).toEqual({ kind: 'home' });
    expect(launchTarget({ ...base, messageType: 'LtiDeepLinkingRequest' })).toEqual({ kind: 'deep-linking' });
  });

  it('puts the scores service on the line item’s path, keeping its query', () => {
    expect(scoresUrl('https://lms.example/api/lti/courses/7/line_items/3?x=1')).toBe('https://lms.example/api/lti/courses/7/line_items/3/scores?x=1');
  });
});

describe('Frontline as an LTI 1.3 tool, launched by a platform inside the test', () => {
  let database: TestDatabase;
  let platform: TestPlatform;
  const db = () => database.db;

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = SECRET;
    database = await createTestDatabase('pglite');
    await publishBuiltinScenarios(db(), 'scenarios');
    platform = await startTestPlatform(() => publicKeySet(db()));
    await registerPlatform(
      db(),
      {
        name: 'Test LMS',
        issuer: platform.issuer,
        clientId: platform.clientId,
        deploymentIds: [platform.deploymentId],
        authUrl: platform.authUrl,
        tokenUrl: platform.tokenUrl,
        jwksUrl: platform.jwksUrl,
        instructorsAsTrainers: true,
      },
      { id: null },
    );
  });
  afterAll(async () => {
    await platform?.close();
    await database?.dispose();
  });

  const request = (path: string, init: RequestInit & { cookie?: string; frame?: boolean } = {}) =>
    new Request(`http://localhost:3000${path}`, {
      ...init,
      headers: { host: 'frontline.test', ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.frame ? { 'sec-fetch-dest': 'iframe' } : {}) },
    });

  /** The OIDC login as the platform starts it; returns what the platform's auth endpoint receives and the browser's cookie. */
  async function startLogin(extra: Record<string, string> = {}) {
    const response = await login(db(), request('/api/lti/login'), {
      iss: platform.issuer,
      login_hint: 'learner-1',
      target_link_uri: `${SITE}/api/lti/launch`,
      client_id: platform.clientId,
      lti_deployment_id: platform.deploymentId,
      ...extra,
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    return { location, state: location.searchParams.get('state')!, nonce: location.searchParams.get('nonce')!, cookie };
  }

  const learnerClaims = (nonce: string, overrides: Record<string, unknown> = {}) => ({
    iss: platform.issuer,
    aud: platform.clientId,
    sub: 'learner-1',
    nonce,
    name: 'Ada Learner',
    email: 'ada@school.example',
    [CLAIM.messageType]: 'LtiResourceLinkRequest',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: platform.deploymentId,
    [CLAIM.targetLinkUri]: `${SITE}/scenarios/closing-well`,
    [CLAIM.resourceLink]: { id: 'link-1', title: 'Closing well' },
    [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    [CLAIM.context]: { id: 'course-7', title: 'Service basics' },
    [CLAIM.ags]: { scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], lineitem: platform.lineItemUrl },
    ...overrides,
  });

  const post = (state: string, idToken: string, cookie: string | undefined, frame = false) =>
    launch(db(), request('/api/lti/launch', { method: 'POST', cookie, frame }), { id_token: idToken, state });

  const counts = async () => ({
    users: (await db().select({ id: users.id }).from(users)).length,
    launches: (await db().select({ id: ltiLaunches.id }).from(ltiLaunches)).length,
  });

  it('publishes its public key, the same one until it is rotated, and the old one for a day after', async () => {
    const first = await publicKeySet(db());
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(first.keys[0]).not.toHaveProperty('d');
    expect((await publicKeySet(db())).keys).toEqual(first.keys);
    const now = new Date();
    const kid = await rotateSigningKey(db(), now);
    const after = await publicKeySet(db(), now);
    expect(after.keys.map((k) => k.kid)).toEqual([kid, first.keys[0]!.kid]);
    expect((await publicKeySet(db(), new Date(now.getTime() + 25 * 3_600_000))).keys.map((k) => k.kid)).toEqual([kid]);
  });

  it('sends the browser to the platform with a fresh state and nonce, the state bound to it by a cookie', async () => {
    const { location, state, nonce, cookie } = await startLogin({ lti_message_hint: 'hint-9' });
    expect(`${location.origin}${location.pathname}`).toBe(platform.authUrl);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${SITE}/api/lti/launch`,
      login_hint: 'learner-1',
      lti_message_hint: 'hint-9',
    });
    expect(state).toMatch(/^[\w-]{43}$/);
    expect(nonce).toMatch(/^[\w-]{43}$/);
    expect(cookie.endsWith(`=${state}`)).toBe(true);
  });

  it('refuses a login from an unknown platform, an unregistered deployment or for another site, with a page', async () => {
    const base = { iss: platform.issuer, login_hint: 'x', target_link_uri: `${SITE}/` };
    for (const [parameters, status, words] of [
      [{ ...base, iss: 'https://other.example' }, 400, 'No learning platform with issuer https://other.example'],
      [{ ...base, lti_deployment_id: 'deployment-2' }, 403, 'Deployment deployment-2'],
      [{ ...base, target_link_uri: 'https://evil.example/' }, 400, 'is not an address of this site'],
      [{ iss: platform.issuer }, 400, 'login_hint'],
    ] as const) {
      const response = await login(db(), request('/api/lti/login'), parameters);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain(words);
    }
  });

  it('signs a learner in on their first launch, opens the scenario, and posts the score to the line item when they finish', async () => {
    const { state, nonce, cookie } = await startLogin();
    const response = await post(state, await platform.sign(learnerClaims(nonce, { [CLAIM.custom]: { scenario: 'closing-well' } })), cookie);
    expect(response.status).toBe(303);
    const path = response.headers.get('location')!;
    expect(path).toMatch(/^\/play\/[0-9a-f-]{36}$/);

    // The session cookie is next-auth's, for the new trainee linked to the platform's issuer and sub.
    const setCookies = response.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Lax');
    const claims = await claimsFromCookies(
      { [SESSION_COOKIE]: session.split(';')[0]!.slice(SESSION_COOKIE.length + 1) },
      { secret: SECRET, nowSeconds: Math.floor(Date.now() / 1000), maxDays: 7 },
    );
    const [link] = await db()
      .select()
      .from(ltiAccounts)
      .where(and(eq(ltiAccounts.issuer, platform.issuer), eq(ltiAccounts.sub, 'learner-1')));
    expect(claims).toEqual({ id: link!.userId, tokenVersion: 0 });
    const [person] = await db().select().from(users).where(eq(users.id, link!.userId));
    expect(person).toMatchObject({ name: 'Ada Learner', email: 'ada@school.example', role: 'trainee' });
    // The state cookie is cleared.
    expect(setCookies.some((c) => c.startsWith(cookie.split('=')[0]!) && c.includes('Max-Age=0'))).toBe(true);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetUserId, person!.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['lti-launch', 'sign-in', 'user-created']);

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

    const report = await sendPendingGrades(db());
    expect(report.failed).toEqual([]);
    expect(report.sent).toHaveLength(1);
    expect(platform.assertions).toHaveLength(1);
    expect(platform.scores).toHaveLength(1);
    const [score] = platform.scores;
    expect(score!.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(score!.body).toMatchObject({
      userId: 'learner-1',
      scoreGiven: Math.floor(finished!.overallPercent! * 100) / 100,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: finished!.completedAt!.toISOString(),
    });
    expect(score!.body.comment).toMatch(finished!.passed ? /passed with \d+%\. Principle to work on: .+ \(\d+%\)\.$/ : /not passed with \d+%/);
    // Sent once: the next round has nothing to send.
    expect((await sendPendingGrades(db())).due).toBe(0);
    expect(await gradeStatus(db())).toMatchObject({ finished: 1, sent: 1, waiting: 0, problems: [] });

    // A second launch signs in to the same account.
    const again = await startLogin();
    const second = await post(again.state, await platform.sign(learnerClaims(again.nonce, { name: 'Someone Else' })), again.cookie);
    expect(second.status).toBe(303);
    const linked = await db().select().from(ltiAccounts).where(eq(ltiAccounts.sub, 'learner-1'));
    expect(linked).toHaveLength(1);
    expect((await db().select().from(users).where(eq(users.id, link!.userId)))[0]!.name).toBe('Ada Learner');
  });

  describe('refuses, with a 4xx page and nothing changed,', () => {
    const refused = async (response: Response, status: number, words: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await response.text()).toContain(words);
    };

    it('a forged signature', async () => {
      const before = await counts();
      const { state, nonce, cookie } = await startLogin();
      const { privateKey: forger } = await generateKeyPair('RS256');
      await refused(await post(state, await platform.sign(learnerClaims(nonce), { key: forger }), cookie), 401, 'signature does not verify');
      expect(await counts()).toEqual(before);
    });

    it('an expired token', async () => {
      const before = await counts();
      const { state, nonce, cookie } = await startLogin();
      const issuedAt = Math.floor(Date.now() / 1000) - 600;
      await refused(await post(state, await platform.sign(learnerClaims(nonce), { issuedAt, expiresInSeconds: 300 }), cookie), 401, 'has expired');
      expect(await counts()).toEqual(before);
    });

    it('a replayed nonce: the same launch again, and the token sent with a newer login', async () => {
      const { state, nonce, cookie } = await startLogin();
      const token = await platform.sign(learnerClaims(nonce));
      expect((await post(state, token, cookie)).status).toBe(303);
      const before = await counts();
      await refused(await post(state, token, cookie), 400, 'already used');
      const fresh = await startLogin();
      await refused(await post(fresh.state, token, fresh.cookie), 401, 'nonce is not the one this login issued');
      expect(await counts()).toEqual(before);
    });

    it('a token for another audience, and one for several without Frontline as authorised party', async () => {
      const before = await counts();
      let login = await startLogin();
      await refused(await post(login.state, await platform.sign(learnerClaims(login.nonce, { aud: 'another-tool' })), login.cookie), 401, 'not meant for Frontline');
      login = await startLogin();
      await refused(
        await post(login.state, await platform.sign(learnerClaims(login.nonce, { aud: [platform.clientId, 'another-tool'], azp: 'another-tool' })), login.cookie),
        401,
        'authorised party (azp) is another-tool',
      );
      expect(await counts()).toEqual(before);
      login = await startLogin();
      const both = await post(login.state, await platform.sign(learnerClaims(login.nonce, { aud: [platform.clientId, 'another-tool'], azp: platform.clientId })), login.cookie);
      expect(both.status).toBe(303);
    });

    it('an unknown deployment', async () => {
      const before = await counts();
      const { state, nonce, cookie } = await startLogin();
      await refused(await post(state, await platform.sign(learnerClaims(nonce, { [CLAIM.deploymentId]: 'deployment-9' })), cookie), 403, 'Deployment deployment-9');
      expect(await counts()).toEqual(before);
    });

    it('a launch without the browser’s state cookie, a wrong version or message type, and a missing scenario', async () => {
      const before = await counts();
      let login = await startLogin();
      await refused(await post(login.state, await platform.sign(learnerClaims(login.nonce)), undefined), 401, 'did not come back to the browser that started it');
      login = await startLogin();
      await refused(await post(login.state, await platform.sign(learnerClaims(login.nonce, { [CLAIM.version]: '1.1' })), login.cookie), 400, 'LTI version 1.1');
      login = await startLogin();
      await refused(
        await post(login.state, await platform.sign(learnerClaims(login.nonce, { [CLAIM.messageType]: 'LtiSubmissionReviewRequest' })), login.cookie),
        400,
        'not LtiSubmissionReviewRequest',
      );
      expect((await counts()).launches).toBe(before.launches);
      login = await startLogin();
      await refused(
        await post(login.state, await platform.sign(learnerClaims(login.nonce, { [CLAIM.custom]: { scenario: 'no-such-scenario' } })), login.cookie),
        404,
        'no-such-scenario',
      );
      expect((await counts()).launches).toBe(before.launches);
    });
  });

  it('continues a launch shown inside the platform’s frame in a window of its own, with a ticket that works once', async () => {
    const { state, nonce, cookie } = await startLogin();
    const framed = await post(state, await platform.sign(learnerClaims(nonce, { sub: 'learner-2', email: 'ada@school.example' })), cookie, true);
    expect(framed.status).toBe(200);
    expect(framed.headers.get('content-security-policy')).toContain(`frame-ancestors ${platform.issuer}`);
    expect(framed.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(false);
    const ticket = /name="ticket" value="([^"]+)"/.exec(await framed.text())![1]!;
    const opened = await open(db(), ticket);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toMatch(/^\/play\//);
    expect(opened.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    expect((await open(db(), ticket)).status).toBe(400);
    // Another person of the platform with an email an account already has gets an account of their own.
    const [link] = await db().select({ email: users.email }).from(ltiAccounts).innerJoin(users, eq(users.id, ltiAccounts.userId)).where(eq(ltiAccounts.sub, 'learner-2'));
    expect(link!.email).toBe(placeholderEmail(platform.issuer, 'learner-2'));
  });

  it('lets an instructor (made a trainer, as the platform allows) pick scenarios and modules, and returns a response the platform verifies', async () => {
    const { state, nonce, cookie } = await startLogin();
    const claims = learnerClaims(nonce, {
      sub: 'teacher-1',
      email: 'teacher@school.example',
      [CLAIM.messageType]: 'LtiDeepLinkingRequest',
      [CLAIM.resourceLink]: undefined,
      [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
      [CLAIM.deepLinkingSettings]: { deep_link_return_url: `${platform.issuer}/deep-link-return`, accept_types: ['ltiResourceLink'], data: 'opaque-7' },
    });
    const response = await post(state, await platform.sign(claims), cookie);
    expect(response.status).toBe(303);
    const launchId = /^\/lti\/deep-link\/([0-9a-f-]{36})$/.exec(response.headers.get('location')!)![1]!;
    const [teacher] = await db().select({ user: users }).from(ltiAccounts).innerJoin(users, eq(users.id, ltiAccounts.userId)).where(eq(ltiAccounts.sub, 'teacher-1'));
    expect(teacher!.user.role).toBe('trainer');

    const pending = await deepLinkingRequest(db(), launchId, teacher!.user);
    const answer = await deepLinkingResponse(db(), pending, deepLinkBody.parse({ 'scenario:closing-well': 'on' }), teacher!.user, SITE);
    expect(answer.returnUrl).toBe(`${platform.issuer}/deep-link-return`);
    const { payload, protectedHeader } = await jwtVerify(answer.jwt, createLocalJWKSet(await publicKeySet(db())), {
      issuer: platform.clientId,
      audience: platform.issuer,
      algorithms: ['RS256'],
    });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload[CLAIM.messageType]).toBe('LtiDeepLinkingResponse');
    expect(payload[CLAIM.version]).toBe('1.3.0');
    expect(payload[CLAIM.deploymentId]).toBe(platform.deploymentId);
    expect(payload[CLAIM.deepLinkData]).toBe('opaque-7');
    expect(payload[CLAIM.contentItems]).toEqual([
      {
        type: 'ltiResourceLink',
        title: expect.any(String),
        text: expect.any(String),
        url: `${SITE}/scenarios/closing-well`,
        custom: { scenario: 'closing-well' },
        lineItem: { scoreMaximum: 100, label: expect.any(String), resourceId: 'scenario:closing-well' },
      },
    ]);
    // Another person cannot answer it, and a learner's launch is not one.
    await expect(deepLinkingRequest(db(), launchId, { id: (await db().select().from(users).where(eq(users.email, 'ada@school.example')))[0]!.id })).rejects.toThrow(
      'no content selection',
    );
  });

  it('posts a module’s score to the line item once the person’s assignment of the module completes', async () => {
    const [admin] = await db().insert(users).values({ email: 'lti-module-admin@example.test', name: 'Module Admin', role: 'admin' }).returning();
    const closingCalls = await createModule(db(), admin!, { title: 'Closing calls', description: 'One scenario', steps: ['closing-well'], defaultDueDays: 14 });
    const { state, nonce, cookie } = await startLogin();
    const claims = learnerClaims(nonce, { sub: 'learner-module', [CLAIM.custom]: { module: closingCalls.id }, [CLAIM.resourceLink]: { id: 'link-module' } });
    const response = await post(state, await platform.sign(claims), cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const [launched] = await db().select().from(ltiLaunches).where(eq(ltiLaunches.sub, 'learner-module'));
    expect(await db().select().from(ltiModuleGradeDeliveries).where(eq(ltiModuleGradeDeliveries.launchId, launched!.id))).toHaveLength(1);

    // Not held, then held and not complete: nothing to post.
    const sentBefore = platform.scores.length;
    expect((await sendPendingModuleGrades(db())).due).toBe(0);
    await createAssignmentRule(db(), admin!, { kind: 'person', userId: launched!.userId, moduleId: closingCalls.id });
    expect((await sendPendingModuleGrades(db())).due).toBe(0);

    // A path that fails, then the best one: the module completes on the pass.
    const scenario = await compiledVersion(db(), (await newestVersion(db(), 'closing-well'))!.id);
    const scored = allPaths(scenario)
      .map((path) => ({ path, score: scoreAttempt(path.decisions) }))
      .map((p) => ({ ...p, passed: hasPassed(p.score.overallPercent, scenario.doc.meta.passPercent, p.path.outcome, criticalErrors(p.path.decisions)) }));
    const failing = scored.find((p) => !p.passed)!;
    const passing = scored.filter((p) => p.passed).sort((a, b) => a.score.overallPercent - b.score.overallPercent)[0]!;
    for (const played of [failing, passing]) {
      const attemptId = await startAttempt(db(), launched!.userId, 'closing-well', 'off');
      let snapshot = initialSnapshot(scenario);
      for (const [seq, event] of played.path.events.entries()) {
        expect((await submitChoice(db(), { attemptId, userId: launched!.userId, seq, ...answerFor(scenario, snapshot, attemptId, event) })).status).toBe('applied');
        const stepped = step(scenario, snapshot, event);
        if (!stepped.ok) throw new Error(`${event} is not open`);
        snapshot = stepped.next;
      }
    }
    const [held] = await db().select().from(assignments).where(eq(assignments.userId, launched!.userId));
    expect(held!.completedAt).not.toBeNull();

    const report = await sendPendingModuleGrades(db());
    expect(report.failed).toEqual([]);
    expect(report.sent).toEqual([{ launchId: launched!.id, moduleId: closingCalls.id, scoreGiven: Math.floor(passing.score.overallPercent * 100) / 100, tries: 1 }]);
    expect(platform.scores).toHaveLength(sentBefore + 1);
    expect(platform.scores.at(-1)!.body).toMatchObject({
      userId: 'learner-module',
      scoreGiven: Math.floor(passing.score.overallPercent * 100) / 100,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: held!.completedAt!.toISOString(),
      comment: expect.stringMatching(/^Closing calls: completed, 1 scenario passed, \d+% on average\.$/),
    });
    // Sent once; the status command counts it.
    expect((await sendPendingModuleGrades(db())).due).toBe(0);
    expect(await gradeStatus(db())).toMatchObject({ modulesSent: 1, moduleProblems: [] });

    // Launching the same resource link again waits for the module once more: the score goes again, to the newest launch only.
    const again = await startLogin();
    await post(
      again.state,
      await platform.sign(learnerClaims(again.nonce, { sub: 'learner-module', [CLAIM.custom]: { module: closingCalls.id }, [CLAIM.resourceLink]: { id: 'link-module' } })),
      again.cookie,
    );
    const resent = await sendPendingModuleGrades(db());
    expect(resent.sent).toHaveLength(1);
    expect(resent.sent[0]!.launchId).not.toBe(launched!.id);
  });

  it('keeps the scores of attempts not finished, and of launches without a line item, unsent', async () => {
    const { state, nonce, cookie } = await startLogin();
    const response = await post(state, await platform.sign(learnerClaims(nonce, { sub: 'learner-3', [CLAIM.ags]: undefined })), cookie);
    expect(response.status).toBe(303);
    const sentBefore = platform.scores.length;
    expect((await sendPendingGrades(db())).due).toBe(0);
    expect(platform.scores).toHaveLength(sentBefore);
    expect((await db().select().from(ltiGradeDeliveries)).length).toBeGreaterThan(1);
  });
});
