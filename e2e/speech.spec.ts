import { expect, test } from '@playwright/test';
import { builtin, scoredPaths, startScenario, storageStateFor, wordsFor, expectAccessible } from './support';

test.use({ storageState: storageStateFor('trainee') });

/**
 * The browser's speech engine, replaced by one that records what it is asked to say: a device with
 * two voices of its own and one that sends text to a service. Speech is the browser's; what is
 * tested is what Frontline asks of it.
 */
const FAKE_SPEECH = `
  window.__spoken = [];
  const voices = [
    { name: 'Local Alice', lang: 'en-GB', localService: true, default: true, voiceURI: 'alice' },
    { name: 'Local Bob', lang: 'en-US', localService: true, default: false, voiceURI: 'bob' },
    { name: 'Cloud Carol', lang: 'en-GB', localService: false, default: false, voiceURI: 'carol' },
  ];
  class Utterance { constructor(text) { this.text = text; this.voice = null; this.lang = ''; } }
  const engine = new EventTarget();
  Object.assign(engine, {
    getVoices: () => voices,
    speak: (u) => window.__spoken.push({ text: u.text, voice: u.voice && u.voice.name }),
    cancel: () => {},
  });
  Object.defineProperty(window, 'speechSynthesis', { value: engine, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
`;

test('a phone customer’s new lines are read aloud with a voice of the device, once switched on, and the choice is kept', async ({ page }) => {
  await page.addInitScript(FAKE_SPEECH);
  const scenario = builtin('forty-minutes-on-hold');
  expect(scenario.doc.meta.channel).toBe('phone');
  const path = scoredPaths(scenario)[0]!;
  await startScenario(page, scenario.doc.id);
  const toggle = page.getByLabel('Read the customer’s lines aloud');
  // Off by default: nothing is spoken.
  await expect(toggle).not.toBeChecked();
  await page.getByRole('button', { name: wordsFor(scenario, path.decisions[0]!.state, path.decisions[0]!.event), exact: true }).click();
  await expect(page.getByText('Saving…')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __spoken: unknown[] }).__spoken)).toEqual([]);

  await toggle.check();
  await expectAccessible(page);
  await page.getByRole('button', { name: wordsFor(scenario, path.decisions[1]!.state, path.decisions[1]!.event), exact: true }).click();
  await expect(page.getByText('Saving…')).toHaveCount(0);
  const spoken = await page.evaluate(() => (window as unknown as { __spoken: { text: string; voice: string }[] }).__spoken);
  expect(spoken.length).toBeGreaterThan(0);
  // The words are on screen too, and the voice is the device's own.
  for (const line of spoken) {
    await expect(page.getByRole('log')).toContainText(line.text);
    expect(['Local Alice', 'Local Bob']).toContain(line.voice);
  }

  // Kept on this device: on after a reload, and on the settings page.
  await page.reload();
  await expect(toggle).toBeChecked();
  await page.goto('/settings');
  await expect(page.getByLabel('Read the customer’s lines aloud')).toBeChecked();
  await expectAccessible(page);
});

test('with no voice of its own on the device, there is nothing to switch on; and no voice answer where recognition is not on the device', async ({ page }) => {
  await startScenario(page, 'the-answer-is-no');
  await expect(page.getByLabel('What do you say?')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Answer by voice' })).toHaveCount(0);
  await startScenario(page, 'forty-minutes-on-hold');
  await expect(page.getByRole('log')).toBeVisible();
  await expect(page.getByLabel('Read the customer’s lines aloud')).toHaveCount(0);
});

/**
 * A speech recogniser that says it listens on the device (the newer specification's
 * `available({ processLocally: true })`) and hears the words the test gives it; another that only
 * works through a service, which must never be offered.
 */
const recogniser = (onDevice: boolean) => `
  window.__recognitions = [];
  class FakeRecognition extends EventTarget {
    static async available(options) { window.__asked = options; return ${onDevice ? "options.processLocally ? 'available' : 'unavailable'" : "options.processLocally ? 'unavailable' : 'available'"}; }
    start() {
      window.__recognitions.push({ lang: this.lang, processLocally: this.processLocally });
      setTimeout(() => {
        const event = new Event('result');
        event.results = [[{ transcript: window.__heard }]];
        this.dispatchEvent(event);
        this.dispatchEvent(new Event('end'));
      }, 50);
    }
    stop() { this.dispatchEvent(new Event('end')); }
  }
  Object.defineProperty(window, 'SpeechRecognition', { value: FakeRecognition, configurable: true });
`;

test('a reply said aloud, where the device recognises speech itself, goes into the box to be understood like a typed one', async ({ page }) => {
  const scenario = builtin('the-answer-is-no');
  const words = wordsFor(scenario, 'opening', 'clear-no');
  await page.addInitScript(`window.__heard = ${JSON.stringify(words)};`);
  await page.addInitScript(recogniser(true));
  await startScenario(page, scenario.doc.id);
  const voice = page.getByRole('button', { name: 'Answer by voice' });
  await expect(voice).toBeVisible();
  await expectAccessible(page);
  await voice.click();
  await expect(page.getByLabel('What do you say?')).toHaveValue(words);
  // It listened on the device only.
  expect(await page.evaluate(() => (window as unknown as { __recognitions: unknown[] }).__recognitions)).toEqual([{ lang: 'en-GB', processLocally: true }]);
  await page.getByLabel('What do you say?').press('Enter');
  await expect(page.getByRole('blockquote').first()).toHaveText(words);
});

test('a recogniser that would send the voice to a service is never offered', async ({ page }) => {
  await page.addInitScript(`window.__heard = 'anything';`);
  await page.addInitScript(recogniser(false));
  await startScenario(page, 'the-answer-is-no');
  await expect(page.getByLabel('What do you say?')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Answer by voice' })).toHaveCount(0);
});
