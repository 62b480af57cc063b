import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import type Scorm12API from 'scorm-again/scorm12';
import { builtin, expectAccessible, playPath, scoredPaths, storageStateFor } from './support';

/**
 * A SCORM 1.2 package in an LMS (docs/lms.md, decision 038). A trainer downloads the package of a
 * scenario from its briefing; the test's LMS, on an origin of its own, runs scorm-again's SCORM 1.2
 * runtime as window.API and shows the package's launcher in a frame, as an LMS does. The learner
 * opens Frontline from it, plays the scenario to the end, and the runtime ends up with the
 * attempt's status and score, committed and finished.
 */

const SCENARIO = 'closing-well';

/** The LMS under test: a course page with the SCORM runtime and the package's files under /sco/. */
function startLms(files: Record<string, string>): Promise<{ origin: string; close: () => Promise<void> }> {
  // scorm-again's SCORM 1.2 runtime as a plain script: it defines window.Scorm12API.
  const runtime = readFileSync(createRequire(import.meta.url).resolve('scorm-again/scorm12'), 'utf8');
  const course = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Service basics · Test LMS</title>
<script src="/scorm12.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  window.API.cmi.core.student_id = new URLSearchParams(location.search).get('student') || 'lms-e2e-learner';
  window.API.cmi.core.student_name = 'Learner, Lee';
</script></head>
<body><main><h1>Service basics</h1><iframe src="/sco/index.html" title="Frontline activity" style="width:100%;height:22rem;border:1px solid #94a3b8"></iframe></main></body></html>`;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://lms').pathname;
    const send = (type: string, body: string) => response.writeHead(200, { 'Content-Type': `${type}; charset=utf-8` }).end(body);
    if (path === '/course') return send('text/html', course);
    if (path === '/scorm12.js') return send('text/javascript', runtime);
    const file = path.startsWith('/sco/') ? files[path.slice('/sco/'.length)] : undefined;
    if (file === undefined) return response.writeHead(404).end();
    return send(path.endsWith('.js') ? 'text/javascript' : path.endsWith('.xml') ? 'application/xml' : 'text/html', file);
  });
  return new Promise((resolve) =>
    server.listen(0, () => resolve({ origin: `http://localhost:${(server.address() as AddressInfo).port}`, close: () => new Promise((done) => server.close(() => done())) })),
  );
}

test.describe.configure({ mode: 'serial' });

/** The package the trainer downloads in the first test, as its files. */
let files: Record<string, string>;

interface Runtime {
  lessonStatus: string;
  scoreRaw: string;
  scoreMin: string;
  scoreMax: string;
  suspendData: string;
  terminated: boolean;
}

/** What the LMS's SCORM runtime holds. */
const runtime = (page: Page) =>
  page.evaluate((): Runtime => {
    const api = (window as unknown as { API: Scorm12API }).API;
    return {
      lessonStatus: api.cmi.core.lesson_status,
      scoreRaw: api.cmi.core.score.raw,
      scoreMin: api.cmi.core.score.min,
      scoreMax: api.cmi.core.score.max,
      suspendData: api.cmi.suspend_data,
      terminated: api.isTerminated(),
    };
  });

test('a trainer downloads the SCORM package; in an LMS running scorm-again a learner plays it, and the status and score reach the LMS', async ({ browser, page, baseURL }) => {
  test.setTimeout(180_000);
  const trainer = await browser.newContext({ storageState: storageStateFor('trainer') });
  const briefing = await trainer.newPage();
  await briefing.goto(`${baseURL}/scenarios/${SCENARIO}`);
  const section = briefing.getByRole('region', { name: 'Use it in your LMS' });
  await expect(section.getByRole('button', { name: 'Download SCORM package' })).toBeVisible();
  await expectAccessible(briefing);
  await section.screenshot({ path: 'docs/screenshots/scorm-download.png' });
  await briefing.setViewportSize({ width: 390, height: 844 });
  await section.screenshot({ path: 'test-results/scorm-download-phone.png' });
  await briefing.setViewportSize({ width: 1280, height: 720 });
  const [download] = await Promise.all([briefing.waitForEvent('download'), section.getByRole('button', { name: 'Download SCORM package' }).click()]);
  expect(download.suggestedFilename()).toBe(`frontline-${SCENARIO}-scorm12.zip`);
  files = Object.fromEntries(Object.entries(unzipSync(readFileSync(await download.path()))).map(([name, bytes]) => [name, strFromU8(bytes)]));
  await trainer.close();

  // The manifest, read by the browser's own XML parser: well-formed, SCORM 1.2, one SCO.
  const manifest = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const resource = doc.getElementsByTagName('resource')[0];
    return {
      broken: doc.getElementsByTagName('parsererror').length > 0,
      schema: doc.getElementsByTagName('schema')[0]?.textContent,
      version: doc.getElementsByTagName('schemaversion')[0]?.textContent,
      scormType: resource?.getAttributeNS('http://www.adlnet.org/xsd/adlcp_rootv1p2', 'scormtype'),
      href: resource?.getAttribute('href'),
    };
  }, files['imsmanifest.xml']!);
  expect(manifest).toEqual({ broken: false, schema: 'ADL SCORM', version: '1.2', scormType: 'sco', href: 'index.html' });

  const lms = await startLms(files);
  try {
    await page.goto(`${lms.origin}/course`);
    const activity = page.frameLocator('iframe[title="Frontline activity"]');
    const openButton = activity.getByRole('button', { name: 'Open Frontline' });
    await expect(openButton).toBeVisible();
    await expect(activity.getByRole('status')).toContainText('Keep this page open');
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/scorm-lms-course.png' });

    const [frontline] = await Promise.all([page.context().waitForEvent('page'), openButton.click()]);
    await frontline.waitForURL('**/play/**');
    await expect(frontline.getByRole('heading', { name: 'Your reply' })).toBeVisible();
    const scenario = builtin(SCENARIO);
    // A path that does not pass, with a score that is not round: both must reach the LMS as they are.
    const paths = scoredPaths(scenario).sort((a, b) => b.overall - a.overall);
    const played = paths.find((p) => !p.passed && p.overall > 0 && !Number.isInteger(p.overall)) ?? paths[0]!;
    await playPath(frontline, scenario, played);

    // The launcher asks every few seconds; once the attempt has ended it reports and finishes.
    await expect.poll(async () => (await runtime(page)).terminated, { timeout: 30_000, intervals: [1_000] }).toBe(true);
    const reported = await runtime(page);
    expect(reported).toMatchObject({ lessonStatus: played.passed ? 'passed' : 'failed', scoreMin: '0', scoreMax: '100' });
    // The overall percent floored to hundredths, as the LTI grade.
    expect(Number(reported.scoreRaw)).toBeCloseTo(Math.floor(played.overall * 100) / 100, 2);
    // The learner secret the LMS keeps for the learner, for their next launch.
    expect(reported.suspendData).toMatch(/^frontline:[\w-]{40,}$/);
    await expect(activity.getByRole('status')).toContainText('Your result has been sent to your course.');
    await page.screenshot({ path: 'test-results/scorm-lms-finished.png' });
  } finally {
    await lms.close();
  }
});

test('a learner who leaves before the end leaves the activity incomplete; the same LMS id without the secret the LMS kept is refused', async ({ page }) => {
  const lms = await startLms(files);
  try {
    await page.goto(`${lms.origin}/course?student=lms-e2e-leaver`);
    const activity = page.frameLocator('iframe[title="Frontline activity"]');
    await expect(activity.getByRole('button', { name: 'Open Frontline' })).toBeVisible();
    // The learner moves on: the LMS replaces the activity's page.
    await page.evaluate(() => {
      document.querySelector('iframe')!.src = 'about:blank';
    });
    await expect.poll(async () => (await runtime(page)).terminated, { timeout: 10_000 }).toBe(true);
    expect(await runtime(page)).toMatchObject({ lessonStatus: 'incomplete', scoreRaw: '', suspendData: expect.stringMatching(/^frontline:/) });

    // A fresh runtime (as for someone else claiming this LMS id) does not hold the learner's secret.
    await page.goto(`${lms.origin}/course?student=lms-e2e-leaver`);
    await expect(activity.getByRole('status')).toContainText('did not give back the key it keeps for them');
    await expect(activity.getByRole('button', { name: 'Open Frontline' })).toBeHidden();
  } finally {
    await lms.close();
  }
});

test('a launch with a forged package key is refused with a 401 that says why, and a forged ticket with a 400 page', async ({ request, baseURL }) => {
  const launch = await request.post(`${baseURL}/api/scorm/launch`, {
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: 'http://lms.example.test' },
    data: JSON.stringify({ packageId: '00000000-0000-4000-8000-000000000000', key: 'not-the-key-of-any-package', studentId: 'someone' }),
  });
  expect(launch.status()).toBe(401);
  expect(launch.headers()['access-control-allow-origin']).toBe('*');
  expect(((await launch.json()) as { error: { message: string } }).error.message).toContain('not one Frontline made');
  const opened = await request.post(`${baseURL}/api/scorm/open`, { form: { ticket: 'never-issued' }, headers: { Origin: 'http://lms.example.test' } });
  expect(opened.status()).toBe(400);
  expect(await opened.text()).toContain('already used or is over five minutes old');
});
