import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible, newTrainee, storageStateFor } from './support';

/**
 * Email in demo mode without a mail server: nothing is sent, and every mail is kept as a preview on
 * /admin/mail. HR reminds a person (once a day), the admin sees the reminder as it would look, and
 * the link in it turns reminders off without signing in.
 */

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const NAME = `Mira Postlethwaite ${run}`;
const EMAIL = `mira-${run}@example.test`;
const MODULE = `Mail module ${run}`;

const asRole = (browser: Browser, role: 'hr' | 'admin') => browser.newContext({ storageState: storageStateFor(role) });

test.describe('email as previews, HR reminders and the admin’s email page', () => {
  test.describe.configure({ mode: 'serial' });
  let userId: string;

  test.beforeAll(async ({ browser, baseURL }) => {
    const hr = await asRole(browser, 'hr');
    ({ id: userId } = await newTrainee(hr.request, baseURL!, { name: NAME, email: EMAIL }));
    const created = await hr.request.post('/api/modules', { data: { title: MODULE, steps: ['closing-well'], defaultDueDays: 7 }, headers: { origin: baseURL! } });
    expect(created.status(), await created.text()).toBe(201);
    const { module } = (await created.json()) as { module: { id: string } };
    const assigned = await hr.request.post(`/api/modules/${module.id}/rules`, { data: { kind: 'person', userId }, headers: { origin: baseURL! } });
    expect(assigned.status(), await assigned.text()).toBe(201);
    await hr.close();
  });

  test('HR reminds a person by email after confirming, and is told when a second reminder today is skipped', async ({ browser }) => {
    const hr = await asRole(browser, 'hr');
    const page = await hr.newPage();
    await page.goto(`/hr/people/${userId}`);
    const remind = page.getByRole('button', { name: 'Remind by email' });
    await remind.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('group', { name: `Confirm reminding ${NAME}` });
    await expect(confirm).toContainText('at most once a day');
    await expect(confirm.getByRole('button', { name: 'Yes, send the reminder' })).toBeFocused();
    await expectAccessible(page);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'reminder' })).toHaveText(`${NAME} will get a reminder by email.`);

    await page.getByRole('button', { name: 'Remind by email' }).click();
    await page.getByRole('button', { name: 'Yes, send the reminder' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'reminded' })).toHaveText(`Nobody was reminded. Skipped ${NAME}: They were already reminded today.`);
    await hr.close();
  });

  test('the admin sees each mail as it would look, and the link in a reminder turns reminders off without signing in', async ({ browser }) => {
    const admin = await asRole(browser, 'admin');
    const page = await admin.newPage();
    await page.goto('/admin/mail');
    await expect(page.getByRole('heading', { level: 1, name: 'Email' })).toBeVisible();
    await expect(page.getByText('nothing is sent: each email is kept here as it would look')).toBeVisible();

    const reminder = page.getByRole('listitem').filter({ hasText: `Reminder from HR to ${NAME}` });
    await expect(reminder).toContainText('Preview (not sent)');
    // The page as it opens: every mail closed, so no mail's HTML (which is not the app's) is judged.
    await expectAccessible(page);
    await reminder.getByText('Reminder: 1 training module to complete').click();
    const text = reminder.locator('pre');
    await expect(text).toContainText(`Hello ${NAME},`);
    await expect(text).toContainText(`- ${MODULE}: due`);
    // The HTML is shown in a frame that runs nothing.
    const frame = reminder.getByTitle('The email "Reminder: 1 training module to complete" as HTML');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(
      page.frameLocator(`iframe[title="The email \\"Reminder: 1 training module to complete\\" as HTML"]`).getByRole('link', { name: 'Open your training' }),
    ).toBeVisible();
    const invitation = page.getByRole('listitem').filter({ hasText: `Set-password link to ${NAME}` });
    await expect(invitation).toContainText('Your Frontline training account');
    await expect(page.getByRole('listitem').filter({ hasText: `New training: ${MODULE}` })).toContainText(NAME);
    await page.screenshot({ path: 'test-results/mail-admin-outbox.png', fullPage: true });

    const stopLink = /\/reminders\/[A-Za-z0-9_.-]+/.exec((await text.textContent()) ?? '')![0];
    await admin.close();

    // Nobody signed in: the signed link is enough, and opening it changes nothing until the button.
    const visitor = await browser.newContext();
    const stop = await visitor.newPage();
    await stop.goto(stopLink);
    await expect(stop.getByRole('heading', { name: 'Email reminders' })).toBeVisible();
    await expect(stop.getByRole('status')).toContainText(`Reminders about training that is due are on for ${NAME}`);
    await expectAccessible(stop);
    await stop.getByRole('button', { name: 'Stop email reminders' }).click();
    await expect(stop.getByRole('status')).toContainText('Done: you will get no more reminders.');
    await expect(stop.getByRole('button', { name: 'Turn email reminders back on' })).toBeVisible();
    await stop.screenshot({ path: 'test-results/mail-reminders-off.png' });

    const spoiled = await visitor.newPage();
    await spoiled.goto(`${stopLink.slice(0, -3)}abc`);
    await expect(spoiled.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
    await visitor.close();

    // HR is told why a reminder is now skipped.
    const hr = await asRole(browser, 'hr');
    const result = await hr.request.post('/api/hr/reminders', { data: { confirm: true, userId }, headers: { origin: new URL(stop.url()).origin } });
    expect(await result.json()).toEqual({ reminded: [], skipped: [{ userId, name: NAME, reason: 'They turned email reminders off.' }] });
    await hr.close();
  });
});
