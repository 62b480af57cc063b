import { test as setup } from '@playwright/test';
import { DEMO_ROLES, signIn, storageStateFor } from './support';

for (const role of DEMO_ROLES) {
  setup(`sign in as the demo ${role}`, async ({ page }) => {
    await signIn(page, `${role}@frontline.test`);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
