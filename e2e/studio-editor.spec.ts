import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { checkScenario, PRINCIPLE_IDS, WARNING_REASONS } from '@/machines';
import { generatedScenario } from '@/machines/test-fixtures/generated-scenario';
import { expectAccessible, storageStateFor } from './support';

test.use({ storageState: storageStateFor('trainer') });

/* ---------- the keyboard alone: no clicks, no fill, no selectOption ---------- */

async function typeInto(page: Page, field: Locator, text: string) {
  await field.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  if (text) await page.keyboard.type(text);
}

async function press(page: Page, control: Locator, key = 'Enter') {
  await control.focus();
  await expect(control).toBeFocused();
  await page.keyboard.press(key);
}

/** Chooses an option of a closed <select> with the arrow keys, as a keyboard user does. */
async function chooseWithArrows(page: Page, select: Locator, optionLabel: string) {
  await select.focus();
  const labels = await select.locator('option').allTextContents();
  const want = labels.indexOf(optionLabel);
  expect(want, `option "${optionLabel}" among ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
  const current = await select.evaluate((el: HTMLSelectElement) => el.selectedIndex);
  const key = want > current ? 'ArrowDown' : 'ArrowUp';
  for (let i = 0; i < Math.abs(want - current); i++) await page.keyboard.press(key);
  await expect(select).toHaveValue((await select.locator('option').nth(want).getAttribute('value'))!);
}

/**
 * Presses the number key of the reply with these words: the preview shows replies in a shuffled
 * order, as a trainee sees them, so where a reply stands is read from the page.
 */
async function pressReply(page: Page, words: string) {
  const replies = page.getByRole('tabpanel').locator('ol > li > button');
  await expect(replies.filter({ hasText: words })).toHaveCount(1);
  const texts = await replies.allTextContents();
  const index = texts.findIndex((t) => t.includes(words));
  await page.keyboard.press(String(index + 1));
}

const saveStatus = (page: Page) => page.getByTestId('save-status');
const stateButton = (page: Page, name: string) => page.getByRole('navigation', { name: /Steps/ }).getByRole('button', { name: new RegExp(`^\\S*\\s*${name}\\b`) });
const choice = (page: Page, key: string) => page.locator(`[data-choice="${key}"]`);

async function newScenario(page: Page, baseURL: string, title: string): Promise<string> {
  const created = await page.request.post('/api/author/scenarios', { data: { mode: 'blank', title }, headers: { origin: baseURL } });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { scenarioId: string }).scenarioId;
}

async function draftSource(page: Page, id: string): Promise<{ source: string; revision: number }> {
  const response = await page.request.get(`/api/author/scenarios/${id}/draft`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as { source: string; revision: number };
}

test('a trainer builds a scenario from the blank template with the keyboard alone, fixes what the checker finds, previews and publishes it; a trainee plays it', async ({
  page,
  browser,
}) => {
  const title = `Late delivery ${Date.now()}`;
  await page.goto('/author');
  await press(page, page.locator('summary', { hasText: 'New scenario' }));
  await typeInto(page, page.getByLabel('Title', { exact: true }), title);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/author\/late-delivery/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(page.getByRole('heading', { name: 'Step opening' })).toBeVisible();
  // The blank template works; the checker warns that one decision is too short to teach or test anything.
  await expect(page.getByRole('status').filter({ hasText: /^0 errors, 2 warnings\. It can be published/ })).toBeVisible();
  const warnings = page.getByRole('list', { name: 'Warnings found by the checker' });
  const shortToPass = warnings.getByRole('listitem').filter({ hasText: 'short-to-pass' });
  await expect(shortToPass.getByRole('button', { name: /^Warning short-to-pass: Settings/ })).toBeVisible();
  await expect(shortToPass).toContainText(`Why this matters: ${WARNING_REASONS['short-to-pass']}`);

  // A new decision: empty, unreachable, without choices. The checker says so.
  await typeInto(page, page.getByLabel('Name', { exact: true }), 'listening');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Step listening' })).toBeVisible();
  const problems = page.getByRole('list', { name: 'Errors found by the checker' });
  await expect(page.getByRole('heading', { name: /Errors \(\d+\): these stop publishing/ })).toBeVisible();
  // With errors the checker stops before looking at the scenario as a whole: the warnings found
  // before are not listed now, and the summary says they are looked for again, not that none are left.
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /^2 errors to fix before publishing, 0 warnings so far\. The scenario as a whole is checked for warnings once there are no errors\./ }),
  ).toBeVisible();
  await expect(warnings).toHaveCount(0);
  await expect(problems.getByRole('button', { name: /Step “listening” › customer line must not be empty/ })).toBeVisible();
  // One error for the empty line, not a second saying it is blank.
  await expect(problems.getByRole('button', { name: /must not be blank/ })).toHaveCount(0);
  await expect(problems.getByRole('button', { name: /Step “listening” › replies a decision needs at least one choice/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Publish (not possible: 2 errors)' })).toBeVisible();
  // The field at fault says so beside it, outlined, and the panel puts this step's problems first.
  const emptyLine = page.getByLabel('What the customer says');
  await expect(emptyLine).toHaveAttribute('aria-invalid', 'true');
  await expect(emptyLine).toHaveAccessibleDescription(/^must not be empty/);
  await expect(page.getByTestId('problems-here')).toHaveText('In this step: 2 errors, listed first.');
  await expectAccessible(page);

  // Activating a problem puts the keyboard on the field it is about.
  await press(page, problems.getByRole('button', { name: /Step “listening” › customer line/ }).first());
  const sayField = page.getByLabel('What the customer says');
  await expect(sayField).toBeFocused();
  await page.keyboard.type('It was due on Monday. Where is it?');
  await expect(sayField).not.toHaveAttribute('aria-invalid');

  await press(page, page.getByRole('button', { name: 'Add a reply' }));
  // A new reply opens to be written. With no next step chosen, that is what its field says, once,
  // and not the rules of step names.
  const nextStep = choice(page, 'choice-1').getByLabel('Next step');
  await expect(nextStep).toHaveAttribute('aria-invalid', 'true');
  await expect(nextStep).toHaveAccessibleDescription(/^is empty: choose where it leads/);
  await expect(problems.getByRole('button', { name: /Step “listening” › reply “choice-1” › next step is empty: choose where it leads/ })).toHaveCount(1);
  await expect(problems.getByRole('button', { name: /a state name is/ })).toHaveCount(0);
  await typeInto(page, choice(page, 'choice-1').getByLabel('Words the trainee says'), 'Let me track it for you right now.');
  await chooseWithArrows(page, choice(page, 'choice-1').getByLabel('Next step'), 'resolved (ending)');
  await typeInto(page, choice(page, 'choice-1').getByLabel('Responsiveness'), '2');
  await typeInto(page, choice(page, 'choice-1').getByLabel('Feedback'), 'You acted at once.');
  await expect(nextStep).not.toHaveAttribute('aria-invalid');
  // Folded to one line by its button, from the keyboard: its words, what it scores and where it goes.
  const disclosure = choice(page, 'choice-1').getByRole('button', { name: /^Reply 1: “Let me track it for you right now\.”/ });
  await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
  await press(page, disclosure);
  await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
  await expect(choice(page, 'choice-1').getByLabel('Words the trainee says')).toBeHidden();
  await expect(choice(page, 'choice-1')).toContainText('Responsiveness +2 · goes to resolved');
  await press(page, disclosure, 'Space');
  await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
  await expect(choice(page, 'choice-1').getByLabel('Words the trainee says')).toHaveValue('Let me track it for you right now.');

  // Link it from the opening with a second choice.
  await press(page, stateButton(page, 'opening'));
  await expect(page.getByRole('heading', { name: 'Step opening' })).toBeVisible();
  await press(page, page.getByRole('button', { name: 'Add a reply' }));
  await typeInto(page, choice(page, 'choice-2').getByLabel('Words the trainee says'), 'I am sorry. Tell me what happened.');
  await chooseWithArrows(page, choice(page, 'choice-2').getByLabel('Next step'), 'listening (decision)');
  await typeInto(page, choice(page, 'choice-2').getByLabel('Responsiveness'), '1');
  await typeInto(page, choice(page, 'choice-2').getByLabel('Feedback'), 'You invited the story.');
  // Reorder with a button: the new choice goes first, and that is announced.
  await press(page, page.getByRole('button', { name: 'Move reply 2 up' }));
  await expect(page.getByText('Reply 2 moved up; it is now reply 1 of 2.')).toBeAttached();

  // No errors left; still warnings (two decisions are still too few to pass on), which do not stop publishing.
  await expect(page.getByRole('status').filter({ hasText: /^0 errors, \d+ warnings?\. It can be published/ })).toBeVisible();
  await expect(shortToPass).toContainText(`Why this matters: ${WARNING_REASONS['short-to-pass']}`);
  await expect(saveStatus(page)).toContainText(/Saved at \d\d:\d\d, revision \d+/, { timeout: 15_000 });

  // Preview: from the start, by number keys, as a trainee sees it.
  await press(page, page.getByRole('tab', { name: 'Edit' }));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Preview' })).toHaveAttribute('aria-selected', 'true');
  await press(page, page.getByRole('button', { name: 'Play from the start' }));
  await expect(page.getByRole('button', { name: /I am sorry\. Tell me what happened\./ })).toBeVisible();
  await pressReply(page, 'I am sorry. Tell me what happened.');
  await expect(page.getByText('It was due on Monday. Where is it?')).toBeVisible();
  await expect(page.getByText('You invited the story.')).toBeVisible();
  await pressReply(page, 'Let me track it for you right now.');
  await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeFocused();
  await expect(page.getByText(/Resolved · 75% overall · Passed ✓/)).toBeVisible();
  await expectAccessible(page);

  // Publish with a note.
  await press(page, page.getByRole('tab', { name: 'Preview' }));
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Publish' })).toHaveAttribute('aria-selected', 'true');
  await typeInto(page, page.getByLabel('Change note'), 'First version: the late delivery.');
  // The warnings are listed with why they matter; publishing waits for the trainer to confirm them.
  const toConfirm = page.getByRole('region', { name: /warnings? to look at before publishing/ });
  await expect(toConfirm).toContainText('short-to-pass');
  await expect(toConfirm).toContainText(WARNING_REASONS['short-to-pass']);
  await press(page, page.getByRole('button', { name: 'Save and publish' }));
  const confirm = page.getByLabel(/I have looked at the (\d+ )?warnings? and want to publish anyway/);
  await expect(page.getByText(/then tick the box to confirm that you publish anyway/)).toBeVisible();
  await expect(confirm).toBeFocused();
  expect((await (await page.request.get(`/api/author/scenarios/${id}/draft`)).json()).versions).toEqual([]);
  await page.keyboard.press('Space');
  await expect(confirm).toBeChecked();
  await expectAccessible(page);
  await press(page, page.getByRole('button', { name: 'Save and publish' }));
  await expect(page.getByText(/Published as version 1\./)).toBeVisible();
  const { source } = await draftSource(page, id);
  expect(JSON.parse(source).states.opening.on['choice-2'].target).toBe('listening');

  // A trainee finds it in the library and plays it.
  const trainee = await browser.newContext({ storageState: storageStateFor('trainee') });
  const play = await trainee.newPage();
  await play.goto('/scenarios');
  const card = play.getByRole('article', { name: title });
  await expect(card).toBeVisible();
  await play.goto(`/scenarios/${id}`);
  const noLimits = play.getByLabel('No time limits', { exact: false });
  if (await noLimits.count()) await noLimits.first().check();
  await play.getByRole('button', { name: 'Start the conversation' }).click();
  await play.waitForURL('**/play/**');
  await play.getByRole('button', { name: 'I am sorry. Tell me what happened.' }).click();
  await play.getByRole('button', { name: 'Let me track it for you right now.' }).click();
  await expect(play.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
  await expect(play.getByText(/Passed ✓/)).toBeVisible();
  await trainee.close();
});

test('a problem in a folded reply opens it and puts the keyboard on the field; the problems panel follows the step in view', async ({ page, baseURL }) => {
  const id = await newScenario(page, baseURL!, `Folded ${Date.now()}`);
  await page.goto(`/author/${id}`);
  const greet = choice(page, 'greet');
  const fold = greet.getByRole('button', { name: /^Reply 1: / });
  await fold.click();
  const words = greet.getByLabel('Words the trainee says');
  await words.fill('');
  await expect(words).toHaveAttribute('aria-invalid', 'true');
  await expect(words).toHaveAccessibleDescription(/^must not be empty/);
  await fold.click();
  await expect(fold).toHaveAttribute('aria-expanded', 'false');
  await expect(fold).toHaveAccessibleName(/no words yet \(1 error\)$/);

  const errors = page.getByRole('list', { name: 'Errors found by the checker' });
  await press(page, errors.getByRole('button', { name: /Step “opening” › reply “greet” › words must not be empty/ }));
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
  await expect(words).toBeFocused();

  // A time limit adds what happens with no reply in time, folded, its missing next step counted.
  await page.getByLabel('Time limit in seconds (optional)').fill('20');
  const noReply = page.getByRole('button', { name: /^No reply in time/ });
  await expect(noReply).toHaveAttribute('aria-expanded', 'false');
  await expect(noReply).toHaveAccessibleName('No reply in time (1 error)');
  await expect(page.getByRole('region', { name: /^No reply in time/ })).toContainText('no next step yet');
  await press(page, errors.getByRole('button', { name: /Step “opening” › no reply in time › next step is empty: choose where it leads/ }));
  await expect(noReply).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('region', { name: /^No reply in time/ }).getByLabel('Next step')).toBeFocused();

  // In the settings, the panel says what is there, and can show only that.
  await page.getByRole('button', { name: 'Scenario settings' }).click();
  await expect(page.getByTestId('problems-here')).toHaveText('In the settings: none.');
  const onlyHere = page.getByRole('button', { name: 'Only the settings' });
  await onlyHere.click();
  await expect(onlyHere).toHaveAttribute('aria-pressed', 'true');
  await expect(errors).toHaveCount(0);
  await onlyHere.click();
  await expect(errors.getByRole('listitem')).toHaveCount(2);
  await expectAccessible(page);
});

async function openAs(browser: Browser, role: 'trainer' | 'admin', id: string): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role) });
  const page = await context.newPage();
  await page.goto(`/author/${id}`);
  await expect(page.getByRole('heading', { name: 'Step opening' })).toBeVisible();
  return page;
}

test('two people editing one draft: the later save is refused, both versions are kept, and either can be chosen', async ({ page, browser, baseURL }) => {
  const id = await newScenario(page, baseURL!, `Two editors ${Date.now()}`);
  const robin = await openAs(browser, 'trainer', id);
  const alex = await openAs(browser, 'admin', id);

  await robin.getByRole('button', { name: 'Scenario settings' }).click();
  await robin.getByLabel('Summary').fill('Robin’s summary.');
  await expect(saveStatus(robin)).toContainText('revision 2', { timeout: 15_000 });

  await alex.getByRole('button', { name: 'Scenario settings' }).click();
  await alex.getByLabel('Summary').fill('Alex’s summary.');
  await alex.getByLabel('Title', { exact: true }).focus(); // leaving a field saves at once
  const conflict = alex.getByRole('alert').filter({ hasText: 'saved a newer revision' });
  await expect(conflict).toContainText('Robin Trainer saved a newer revision (2)');
  await expect(conflict).toContainText('Your edits were not lost: they are kept as revision 3');
  await expect(saveStatus(alex)).toContainText('Not saved');

  await conflict.getByRole('button', { name: 'Compare' }).click();
  await expect(conflict.getByRole('figure').filter({ hasText: 'Theirs (revision 2)' })).toContainText('Robin’s summary.');
  await expect(conflict.getByRole('figure').filter({ hasText: 'Yours (revision 3)' })).toContainText('Alex’s summary.');

  // Nothing was overwritten: the server holds Robin's, and Alex's is a revision.
  const kept = await page.request.get(`/api/author/scenarios/${id}/revisions/3`);
  expect(((await kept.json()) as { kind: string; source: string }).kind).toBe('conflict');
  expect((await draftSource(page, id)).source).toContain('Robin’s summary.');

  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(saveStatus(alex)).toContainText('revision 4', { timeout: 15_000 });
  const now = await draftSource(page, id);
  expect(now.revision).toBe(4);
  expect(now.source).toContain('Alex’s summary.');
  const revisions = ((await (await page.request.get(`/api/author/scenarios/${id}/revisions`)).json()) as { revisions: { revision: number; kind: string }[] }).revisions;
  expect(revisions.map((r) => `${r.revision} ${r.kind}`)).toEqual(['4 restored', '3 conflict', '2 saved', '1 created']);
  const robins = (await (await page.request.get(`/api/author/scenarios/${id}/revisions/2`)).json()) as { source: string };
  expect(robins.source).toContain('Robin’s summary.');

  // Robin, still on revision 2, is refused in turn and can take Alex's version.
  await robin.getByLabel('Title', { exact: true }).fill('Robin’s title');
  await robin.getByLabel('Summary').focus();
  const robinsConflict = robin.getByRole('alert').filter({ hasText: 'saved a newer revision' });
  await expect(robinsConflict).toContainText('Alex Admin saved a newer revision (4)');
  await robinsConflict.getByRole('button', { name: 'Load their version' }).click();
  await expect(robin.getByLabel('Summary')).toHaveValue('Alex’s summary.');
  await expect(saveStatus(robin)).toContainText('revision 4');
  await robin.context().close();
  await alex.context().close();
});

test('restoring a revision brings back the earlier content', async ({ page, baseURL }) => {
  const id = await newScenario(page, baseURL!, `Restore me ${Date.now()}`);
  await page.goto(`/author/${id}`);
  await page.getByRole('button', { name: 'Scenario settings' }).click();
  const titleField = page.getByLabel('Title', { exact: true });
  await titleField.fill('First title');
  await expect(saveStatus(page)).toContainText('revision 2', { timeout: 15_000 });
  await titleField.fill('Second title');
  await expect(saveStatus(page)).toContainText('revision 3', { timeout: 15_000 });

  await page.getByRole('tab', { name: 'Revisions' }).click();
  await page.getByRole('button', { name: 'View 2' }).click();
  await expect(page.getByRole('heading', { name: 'Revision 2' })).toBeVisible();
  await expect(page.getByText('“First title”, 2 steps. Read-only.')).toBeVisible();
  await page.getByRole('button', { name: 'Restore 2' }).click();
  await page.getByRole('button', { name: 'Yes, restore 2' }).click();
  await expect(page.getByText('Revision 2 is the draft again, saved as a new revision.')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Restored from revision 2' })).toBeVisible();
  await expect(saveStatus(page)).toContainText('revision 4');

  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Scenario settings' }).click();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('First title');
  expect(JSON.parse((await draftSource(page, id)).source).meta.title).toBe('First title');
});

test('the raw JSON view: text that does not parse is kept but never saved; valid text changes the forms and is saved', async ({ page, baseURL }) => {
  const id = await newScenario(page, baseURL!, `Raw ${Date.now()}`);
  await page.goto(`/author/${id}`);
  await page.getByRole('tab', { name: 'Raw JSON' }).click();
  const raw = page.getByRole('textbox', { name: 'Raw JSON' });
  const source = await raw.inputValue();
  await raw.fill(source.replace('"Hello, I need some help, please."', '"Hello, I need some help, please." oops'));
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved: The text is not valid JSON' })).toBeVisible();
  await expect(saveStatus(page)).toContainText('Not saved: the JSON text has a mistake');
  await expect(page.getByText(/^Error at \(root\)/).first()).toBeVisible();
  await page.waitForTimeout(2500);
  expect((await draftSource(page, id)).revision).toBe(1);

  await raw.fill(source.replace('Hello, I need some help, please.', 'My parcel never came.'));
  await expect(saveStatus(page)).toContainText('revision 2', { timeout: 15_000 });
  await page.getByRole('tab', { name: 'Edit' }).click();
  await expect(page.getByLabel('What the customer says')).toHaveValue('My parcel never came.');
  expect(JSON.parse((await draftSource(page, id)).source).states.opening.meta.say).toBe('My parcel never came.');
});

test('offline: saving retries, leaving warns, and the edits come back from this browser', async ({ page, baseURL }) => {
  const id = await newScenario(page, baseURL!, `Offline ${Date.now()}`);
  await page.goto(`/author/${id}`);
  await page.route(`**/api/author/scenarios/${id}/draft`, (route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue()));
  await page.getByRole('button', { name: 'Scenario settings' }).click();
  await page.getByLabel('Summary').fill('Written on a train.');
  await expect(saveStatus(page)).toContainText('Not saved: offline — retrying', { timeout: 15_000 });

  // Leaving with unsaved edits asks first.
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  expect(shown.type()).toBe('beforeunload');
  await shown.accept();

  // The server never got them; this browser kept them.
  expect((await draftSource(page, id)).revision).toBe(1);
  const again = await page.context().newPage();
  await again.goto(`/author/${id}`);
  await expect(again.getByRole('heading', { name: 'Unsaved edits found in this browser' })).toBeVisible();
  await expectAccessible(again);
  await again.getByRole('button', { name: 'Recover my edits' }).click();
  await expect(saveStatus(again)).toContainText('revision 2', { timeout: 15_000 });
  expect(JSON.parse((await draftSource(again, id)).source).meta.summary).toBe('Written on a train.');
});

test('a built-in scenario opens read-only, previews from a chosen state and mood, and can be duplicated to edit', async ({ page }) => {
  await page.goto('/author/closing-well');
  await expect(page.getByText('This built-in scenario comes from a file in git and is read-only here.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a reply' })).toBeDisabled();
  await expect(page.getByRole('tab', { name: 'Publish' })).toHaveCount(0);
  await expect(page.getByLabel('Line 1', { exact: true })).toBeDisabled();

  // The preview works on a read-only scenario too: from a chosen state, with a chosen mood.
  await page
    .getByRole('navigation', { name: /Steps/ })
    .getByRole('button', { name: /loose-ends/ })
    .click();
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByLabel('From step')).toHaveValue('loose-ends');
  await page.getByLabel('With mood').selectOption('3');
  await page.getByRole('button', { name: 'Play from “loose-ends”' }).click();
  await expect(page.getByText('Oh, thank goodness. It was making such a racket.', { exact: false })).toBeVisible();
  await expect(page.getByRole('meter', { name: 'Mood' })).toHaveAttribute('aria-valuenow', '3');
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Duplicate to edit' }).click();
  // The copy's title and id are asked for first; the id is made from the title and kept free.
  const dialog = page.getByRole('dialog', { name: /^Duplicate “/ });
  await expect(dialog.getByLabel('Title of the copy')).toHaveValue(/^Copy of /);
  await expect(dialog.getByLabel('Id of the copy')).toHaveValue(/^copy-of-/);
  await dialog.getByRole('button', { name: 'Duplicate and open the copy' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/author/copy-of-'));
  await expect(page.getByText('This built-in scenario')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add a reply' })).toBeVisible();
});

test('a 200-state scenario: the editor answers typing at once while the checker works off the main thread', async ({ page, baseURL }) => {
  const doc = { ...generatedScenario(200, 7), id: `large-${Date.now()}` };
  const imported = await page.request.post('/api/author/scenarios', { data: { mode: 'import', source: JSON.stringify(doc, null, 2) }, headers: { origin: baseURL! } });
  expect(imported.status()).toBe(201);
  const workers: string[] = [];
  const closed: string[] = [];
  page.on('worker', (worker) => {
    workers.push(worker.url());
    // A worker that fails to load its chunks errors and is terminated: the check then runs in the page.
    worker.on('close', () => closed.push(worker.url()));
  });
  const started = Date.now();
  await page.goto(`/author/${doc.id}`);
  await expect(page.getByRole('navigation', { name: /Steps/ })).toContainText('(200)');
  await page.getByRole('button', { name: 'Scenario settings' }).click();
  const title = page.getByLabel('Title', { exact: true });
  await title.fill('Two hundred states');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Two hundred states');
  const interactive = Date.now() - started;
  // While the checker runs, the page keeps answering: a keystroke shows within a frame or two.
  const echo = await page.evaluate(async () => {
    const field = document.querySelector<HTMLInputElement>('[data-path="meta.title"]')!;
    const before = performance.now();
    field.focus();
    document.execCommand('insertText', false, '!');
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return { ms: performance.now() - before, value: field.value };
  });
  expect(echo.value).toBe('Two hundred states!');
  expect(echo.ms).toBeLessThan(500);
  // The page shows what publishing's checker finds: no errors, and the design warnings that replies
  // written at random earn (the best reply is often the longest, or the only one that scores).
  const expected = checkScenario(JSON.stringify(doc), { file: `${doc.id}.json`, principles: PRINCIPLE_IDS, expectedId: doc.id });
  expect(expected.errors).toEqual([]);
  expect(expected.warnings.length).toBeGreaterThan(1);
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^0 errors, ${expected.warnings.length} warnings\\.`) })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Warnings found by the checker' }).getByRole('listitem')).toHaveCount(expected.warnings.length);
  await expect(page.getByRole('tab', { name: 'Publish' })).toHaveText('Publish');
  // The check ran in its worker and the map was laid out in another; both stay alive for the next run.
  expect(workers).toHaveLength(2);
  expect(closed).toEqual([]);
  const timing = `editor usable after ${interactive} ms; a keystroke shown after ${Math.round(echo.ms)} ms; checked after ${Date.now() - started} ms`;
  test.info().annotations.push({ type: 'timing', description: timing });
  console.log(`200 states: ${timing}`);
});

test('the format’s additions: a critical error, intent and examples edited once for a guarded reply, the written order, the social channel; kept through saving, preview, publishing, export and import', async ({
  page,
  baseURL,
}) => {
  const id = await newScenario(page, baseURL!, `Additions ${Date.now()}`);
  await page.goto(`/author/${id}`);
  await expect(page.getByRole('heading', { name: 'Step opening' })).toBeVisible();

  await page.getByRole('button', { name: 'Scenario settings' }).click();
  await page.getByLabel('Channel').selectOption({ label: 'Public social media reply' });
  await stateButton(page, 'opening').click();

  const greet = choice(page, 'greet');
  const reason = 'Greeted a public complaint as if nothing had happened.';
  // A reply is one line until opened.
  const greetButton = greet.getByRole('button', { name: /^Reply 1: “Hello, thanks for calling\. How can I help\?”/ });
  await expect(greetButton).toHaveAttribute('aria-expanded', 'false');
  await expect(greet.getByLabel('Feedback')).toBeHidden();
  await greetButton.click();
  await expect(greet).toContainText('Not a critical error.');
  await greet.getByLabel('Critical error: why taking this reply fails the attempt (optional)').fill(reason);
  await expect(greet).toContainText('A critical error: taking it fails the attempt.');
  await expect(greet.getByRole('heading', { name: /^Reply 1: “Hello, thanks for calling\. How can I help\?” \(critical error\)$/ })).toBeVisible();
  await greet.getByLabel('What this reply does (optional)').fill('greets without acknowledging the complaint');

  // Examples: added (the new field takes the keyboard), reordered, removed.
  await greet.getByRole('button', { name: 'Add an example' }).click();
  await expect(greet.getByLabel('Example 1')).toBeFocused();
  await page.keyboard.type('Hi there! How can I help today?');
  await greet.getByRole('button', { name: 'Add an example' }).click();
  await expect(greet.getByLabel('Example 2')).toBeFocused();
  await page.keyboard.type('Hello, what can I do for you?');
  await greet.getByRole('button', { name: 'Add an example' }).click();
  await page.keyboard.type('Morning!');
  await greet.getByRole('button', { name: 'Move example 2 up' }).click();
  await expect(greet.getByLabel('Example 1')).toHaveValue('Hello, what can I do for you?');
  await expect(greet.getByRole('button', { name: 'Move example 1 down' })).toBeFocused();
  await expect(page.getByText('Example 2 moved up; it is now example 1 of 3.')).toBeAttached();
  await greet.getByRole('button', { name: 'Remove example 3' }).click();
  await expect(greet.getByLabel('Example 3')).toHaveCount(0);
  await expect(greet.getByLabel('Example 2')).toBeFocused();

  // A guarded alternative: the reply's own fields are edited once, above its alternatives, and written to each.
  await greet.getByRole('button', { name: 'Add a different outcome for a condition' }).click();
  await expect(greet.getByText('These belong to the reply, whatever follows it')).toBeVisible();
  await expect(greet.getByLabel('Critical error: why taking this reply fails the attempt (optional)')).toHaveCount(1);
  await greet.getByLabel('Next step').first().selectOption('resolved');
  await greet.getByLabel('Feedback').first().fill('Friendly, but the complaint is public and unanswered.');
  await expect(page.getByRole('status').filter({ hasText: /^0 errors/ })).toBeVisible();
  // Its only reply is now a critical error, so nobody can pass: the checker warns, and says why that matters.
  const cannotPass = page.getByRole('list', { name: 'Warnings found by the checker' }).getByRole('listitem').filter({ hasText: 'cannot-pass' });
  await expect(cannotPass).toContainText(`Why this matters: ${WARNING_REASONS['cannot-pass']}`);

  await page.getByLabel('Show replies in the order written').check();
  await expect(page.getByRole('heading', { name: /Replies \(1 of at most \d+, shown in this order\)/ })).toBeVisible();
  await expectAccessible(page);
  await expect(saveStatus(page)).toContainText(/Saved at \d\d:\d\d, revision \d+/, { timeout: 15_000 });

  const saved = await draftSource(page, id);
  const doc = JSON.parse(saved.source);
  expect(doc.meta.channel).toBe('social');
  expect(doc.states.opening.meta.fixedOrder).toBe(true);
  expect(doc.states.opening.on.greet).toHaveLength(2);
  for (const alternative of doc.states.opening.on.greet) {
    expect(alternative.meta).toMatchObject({
      critical: reason,
      intent: 'greets without acknowledging the complaint',
      examples: ['Hello, what can I do for you?', 'Hi there! How can I help today?'],
    });
  }
  // Kept in the revision too, exactly as the draft.
  const revision = await (await page.request.get(`/api/author/scenarios/${id}/revisions/${saved.revision}`)).json();
  expect(revision.source).toBe(saved.source);

  // Preview: the critical reply fails the attempt whatever the score, and says why.
  await page.getByRole('tab', { name: 'Preview' }).click();
  await page.getByRole('button', { name: 'Play from the start' }).click();
  await page.getByRole('tabpanel').getByRole('button', { name: 'Hello, thanks for calling. How can I help?' }).click();
  await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeFocused();
  await expect(page.getByText('Not passed: a critical error fails the attempt whatever the score')).toBeVisible();
  await expect(page.getByText('A critical error was taken')).toBeVisible();
  await expect(page.getByText(reason).last()).toBeVisible();

  // Publishing: the API refuses until the warnings are confirmed, and changes nothing meanwhile.
  const refused = await page.request.post(`/api/author/scenarios/${id}/publish`, { data: { revision: saved.revision, changeNote: 'First.' }, headers: { origin: baseURL! } });
  expect(refused.status()).toBe(409);
  const body = (await refused.json()) as { error: { code: string; details: { warnings: { code: string; reason: string }[] } } };
  expect(body.error.code).toBe('unacknowledged-warnings');
  // The one warning, with why it matters: no path passes, since the only reply fails the attempt.
  expect(body.error.details.warnings.map(({ code, reason }) => ({ code, reason }))).toEqual([{ code: 'cannot-pass', reason: WARNING_REASONS['cannot-pass'] }]);
  expect((await (await page.request.get(`/api/author/scenarios/${id}/draft`)).json()).versions).toEqual([]);
  const published = await page.request.post(`/api/author/scenarios/${id}/publish`, {
    data: { revision: saved.revision, changeNote: 'First, warnings read.', acknowledgeWarnings: true },
    headers: { origin: baseURL! },
  });
  expect(published.status()).toBe(201);

  // Exported as a file and imported again under another id: everything is still there.
  const file = await (await page.request.get(`/api/author/scenarios/${id}/versions/1/file`)).text();
  expect(JSON.parse(file).states).toEqual(doc.states);
  const copyId = `${id}-again`;
  const imported = await page.request.post('/api/author/scenarios', {
    data: { mode: 'import', source: JSON.stringify({ ...JSON.parse(file), id: copyId }, null, 2) },
    headers: { origin: baseURL! },
  });
  expect(imported.status()).toBe(201);
  const copy = JSON.parse((await draftSource(page, copyId)).source);
  expect(copy.states).toEqual(doc.states);
  expect(copy.meta.channel).toBe('social');
});
