import { test as setup } from '@playwright/test';
import { signIn, storageStateFor } from './support';

setup('sign in as the demo trainee', async ({ page }) => {
  await signIn(page, 'trainee@frontline.test');
  await page.context().storageState({ path: storageStateFor('trainee') });
});
