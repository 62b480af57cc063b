import { expect, test, type Page } from '@playwright/test';
import { builtin, expectAccessible, startScenario, storageStateFor, wordsFor } from './support';

test.use({ storageState: storageStateFor('trainee') });

/** Replies a trainee might type, each meaning one authored reply (checked with `scenario -- match`). */
const CLEAR_NO =
  'I am so sorry about your mum, Aoife. I have to be straight with you: the names cannot be changed for anyone, because the door team checks photo ID against every ticket. You can resell both at face value on the Fan Exchange.';
const OWN_AND_ACT =
  'Nadia, I am so sorry. That is our failure, not yours: we moved your fitters to another job and never told you, and nobody rang you back. Let me put it right today.';

const box = (page: Page) => page.getByLabel('What do you say?');
const log = (page: Page) => page.getByRole('log');
/** The listed replies (the box's own buttons are not among them). */
const choices = (page: Page) => page.locator('[aria-labelledby="choices-heading"] ol').getByRole('button');

/** Types words and sends them with Enter, as a keyboard user does. */
async function say(page: Page, words: string) {
  await box(page).fill(words);
  await box(page).press('Enter');
}

test('coaching: a typed reply is understood, confirmed and scored; words that match nothing are asked about, and after two the replies are listed', async ({ page }) => {
  const scenario = builtin('the-answer-is-no');
  expect(scenario.doc.meta.ownWords).toBe(true);
  await startScenario(page, scenario.doc.id);
  // No list: the trainee finds the words.
  await expect(box(page)).toBeFocused();
  await expect(choices(page)).toHaveCount(0);

  await say(page, CLEAR_NO);
  await expect(page.getByRole('heading', { name: 'Closest to what you typed:' })).toBeVisible();
  await expect(page.getByRole('blockquote').first()).toHaveText(wordsFor(scenario, 'opening', 'clear-no'));
  // Focus is on the confirmation, so Enter says it.
  await expect(page.getByRole('button', { name: 'Yes, say that' })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press('Enter');

  // The conversation shows the trainee's own words, the reply they were understood as, and the coach's note on it.
  await expect(log(page)).toContainText(CLEAR_NO);
  await expect(log(page)).toContainText(`Understood as: “${wordsFor(scenario, 'opening', 'clear-no')}”`);
  await expect(log(page).getByText('Coach', { exact: true })).toBeVisible();

  // The next decision: words that mean nothing here. The customer asks, in character.
  await expect(box(page)).toBeFocused();
  await say(page, 'blue cheese on a trampoline');
  await expect(log(page)).toContainText("I'm sorry, I don't quite understand your reply. Could you explain what you mean?");
  await expect(log(page)).toContainText('Not understood: put it another way.');
  await expect(choices(page)).toHaveCount(0);
  await say(page, 'zzz qqq www');
  await expect(log(page)).toContainText("I'm afraid I still don't understand what you're telling me. Could you put it plainly?");

  // After two misses the replies are listed, and the number keys choose from there.
  await expect(page.getByText('Here are the replies you could give. Choose one, or press its number.')).toBeVisible();
  await expect(choices(page)).toHaveCount(4);
  await expect(page.locator('[aria-labelledby="choices-heading"]')).toBeFocused();
  await expectAccessible(page);
  const first = (await choices(page).first().textContent())!;
  await page.keyboard.press('1');
  await expect(log(page)).toContainText(first.replace(/^1/, ''));
  // The decision after that starts with typing again.
  await expect(box(page)).toBeVisible();
});

test('an assessment offers only the reply understood, never the list, until two typed replies are not understood', async ({ page }) => {
  const scenario = builtin('we-got-it-wrong');
  expect(scenario.doc.meta).toMatchObject({ feedback: 'debrief', ownWords: true });
  // What the server answers about typed words: the reply understood by its place and words, nothing that ranks it.
  const answers: string[] = [];
  page.on('response', async (response) => {
    if (response.url().includes('/typed-replies')) answers.push(await response.text());
  });
  await startScenario(page, scenario.doc.id);
  await expect(choices(page)).toHaveCount(0);

  await say(page, OWN_AND_ACT);
  await expect(page.getByRole('heading', { name: 'Closest to what you typed:' })).toBeVisible();
  await expect(page.getByRole('blockquote')).toHaveText(wordsFor(scenario, 'first-reply', 'own-and-act'));
  await expect(page.getByText('Or did you mean:')).toHaveCount(0);
  // The other replies are nowhere on the page.
  await expect(page.getByText(wordsFor(scenario, 'first-reply', 'cold-fix').slice(0, 40))).toHaveCount(0);
  await expectAccessible(page);

  // Put it another way: the words come back to edit, and are understood again.
  await page.getByRole('button', { name: 'Let me put it another way' }).click();
  await expect(box(page)).toHaveValue(OWN_AND_ACT);
  await box(page).press('Enter');
  await page.getByRole('button', { name: 'Yes, say that' }).click();
  await expect(log(page)).toContainText('Yes, send him.');
  await expect(log(page)).toContainText(OWN_AND_ACT);

  // Two misses, each asked about; then the list.
  await say(page, 'purple elephants');
  await expect(log(page)).toContainText("I'm sorry, I don't quite understand your reply.");
  await say(page, 'xyzzy plugh');
  await expect(choices(page)).toHaveCount(4);
  await choices(page).first().click();
  await expect(page.getByText('Saving…')).toHaveCount(0);
  await expect(box(page)).toBeVisible();

  for (const answer of answers) expect(answer).not.toMatch(/"event"|own-and-act|cold-fix|points|feedback/);
  expect(answers.length).toBe(4);
});
