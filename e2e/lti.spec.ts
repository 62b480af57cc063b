import { expect, test } from '@playwright/test';
import type { JSONWebKeySet } from 'jose';
import { startTestPlatform, type TestPlatform } from '../server/test-support/lti-platform';
import { builtin, expectAccessible, playPath, scoredPaths, storageStateFor } from './support';

/**
 * Frontline launched from an LMS (docs/lms.md): an admin registers the test's platform on the
 * LMS connections page; a learner's browser starts at the platform's course page, goes through the
 * OIDC login and the signed launch, lands in the scenario signed in, plays it to the end, and the
 * score arrives at the platform's line item.
 */

const SCENARIO = 'closing-well';
let platform: TestPlatform;

/** A course instructor choosing activities (deep linking). */
const teacherClaims = () => ({
  'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingRequest',
  'https://purl.imsglobal.org/spec/lti/claim/roles': ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
  'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'course-1', title: 'Service basics' },
  'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
    deep_link_return_url: `${platform.issuer}/deep-link-return`,
    accept_types: ['ltiResourceLink'],
    data: 'e2e-data',
  },
});

test.beforeAll(async ({ baseURL }) => {
  platform = await startTestPlatform(
    async () => (await (await fetch(`${baseURL}/api/lti/jwks`)).json()) as JSONWebKeySet,
    'e2e-client',
    {
      toolLoginUrl: `${baseURL}/api/lti/login`,
      targetLinkUri: `${baseURL}/scenarios/${SCENARIO}`,
      claimsFor: (loginHint, nonce) => ({
        iss: platform.issuer,
        aud: 'e2e-client',
        sub: loginHint,
        nonce,
        name: 'Lin Launched',
        email: `${loginHint}@school.example`,
        'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
        'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
        'https://purl.imsglobal.org/spec/lti/claim/deployment_id': platform.deploymentId,
        'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': `${baseURL}/scenarios/${SCENARIO}`,
        'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'e2e-link' },
        'https://purl.imsglobal.org/spec/lti/claim/roles': ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
        'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], lineitem: platform.lineItemUrl },
        ...(loginHint.startsWith('teacher') ? teacherClaims() : {}),
      }),
    },
    // The same site as the tool (localhost), as an LMS embedding over https is with SameSite=None cookies.
    'localhost',
  );
});
test.afterAll(async () => platform?.close());

test.describe.configure({ mode: 'serial' });

test.describe('an administrator', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('registers the platform on the LMS connections page, which shows what to paste into the LMS', async ({ page, baseURL }) => {
    await page.goto('/admin/lti');
    await expect(page.getByRole('heading', { name: 'LMS connections', level: 1 })).toBeVisible();
    await expect(page.getByText(`${baseURL}/api/lti/login`)).toBeVisible();
    await expect(page.getByText(`${baseURL}/api/lti/jwks`)).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel('Name').fill('Test LMS');
    await page.getByLabel('Issuer (platform ID)').fill(platform.issuer);
    await page.getByLabel('Client ID').fill('e2e-client');
    await page.getByLabel('Deployment IDs').fill(platform.deploymentId);
    await page.getByLabel('Authentication request URL').fill(platform.authUrl);
    await page.getByLabel('Access token URL').fill(platform.tokenUrl);
    await page.getByLabel('Public keyset URL').fill(platform.jwksUrl);
    await page.getByLabel('LMS instructors become trainers', { exact: false }).check();
    await page.getByRole('button', { name: 'Add LMS' }).click();
    await expect(page.getByRole('region', { name: 'Add an LMS' }).getByRole('status')).toHaveText('Test LMS can now launch Frontline.');
    await expect(page.getByRole('heading', { name: 'Test LMS', level: 3 })).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: 'docs/screenshots/lms-connections.png', fullPage: true });

    // Registering it twice is refused, saying why.
    await page.getByLabel('Name').fill('Test LMS again');
    await page.getByLabel('Issuer (platform ID)').fill(platform.issuer);
    await page.getByLabel('Client ID').fill('e2e-client');
    await page.getByLabel('Deployment IDs').fill(platform.deploymentId);
    await page.getByLabel('Authentication request URL').fill(platform.authUrl);
    await page.getByLabel('Access token URL').fill(platform.tokenUrl);
    await page.getByLabel('Public keyset URL').fill(platform.jwksUrl);
    await page.getByRole('button', { name: 'Add LMS' }).click();
    await expect(page.getByRole('region', { name: 'Add an LMS' }).getByRole('alert')).toContainText('"Test LMS" is already registered');
  });
});

test('a learner launched from the LMS is signed in, plays the scenario to the end, and the score reaches the gradebook', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${platform.issuer}/start?person=e2e-learner`);
  await page.waitForURL('**/play/**');
  await expect(page.getByRole('heading', { name: 'Your reply' })).toBeVisible();

  const scenario = builtin(SCENARIO);
  const best = scoredPaths(scenario).sort((a, b) => b.overall - a.overall)[0]!;
  await playPath(page, scenario, best);

  // The server's grade loop posts within half a minute of the attempt finishing.
  await expect.poll(() => platform.scores.length, { timeout: 60_000, intervals: [1_000] }).toBe(1);
  expect(platform.scores[0]!.body).toMatchObject({ userId: 'e2e-learner', scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
  expect(platform.scores[0]!.body.scoreGiven).toBeCloseTo(best.overall, 1);
  expect(platform.assertions).toHaveLength(1);
});

test('an instructor launched to choose activities picks a scenario, and the platform receives a signed response with it', async ({ page, baseURL }) => {
  await page.goto(`${platform.issuer}/start?person=teacher-1`);
  await page.waitForURL('**/lti/deep-link/**');
  await expect(page.getByRole('heading', { name: 'Add Frontline activities to your course', level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('checkbox', { name: /The last five minutes/ }).check();
  await page.screenshot({ path: 'docs/screenshots/lms-deep-linking.png', fullPage: true });
  await page.getByRole('button', { name: 'Add to the course' }).click();
  await expect(page.getByRole('heading', { name: 'Activities added' })).toBeVisible();
  expect(platform.deepLinks).toHaveLength(1);
  expect(platform.deepLinks[0]!['https://purl.imsglobal.org/spec/lti/claim/message_type']).toBe('LtiDeepLinkingResponse');
  expect(platform.deepLinks[0]!['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('e2e-data');
  expect(platform.deepLinks[0]!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items']).toEqual([
    expect.objectContaining({
      type: 'ltiResourceLink',
      url: `${baseURL}/scenarios/${SCENARIO}`,
      custom: { scenario: SCENARIO },
      lineItem: expect.objectContaining({ scoreMaximum: 100 }),
    }),
  ]);
});

test('a launch with a token the platform did not sign is refused with a page that says why', async ({ page, request, baseURL }) => {
  const response = await request.post(`${baseURL}/api/lti/launch`, { form: { id_token: 'a.b.c', state: 'never-issued' } });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain('does not answer a login Frontline started');
  await page.goto(`${baseURL}/api/lti/login?iss=https://unknown.example&login_hint=x&target_link_uri=${encodeURIComponent(`${baseURL}/`)}`);
  await expect(page.getByRole('heading', { name: 'Frontline could not open this activity' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('No learning platform with issuer https://unknown.example');
  await expectAccessible(page);
});
