import type { Metadata } from 'next';
import { revalidatePath } from 'next/cache';
import { TimeModeFieldset } from '@/components/settings/TimeModeFieldset';
import { buttonStyles, panel } from '@/components/ui/styles';
import { timeModeBody } from '@/server/api-schemas';
import { requireUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { setTimeMode } from '@/server/users';

export const metadata: Metadata = { title: 'Settings' };

async function saveTimeMode(form: FormData) {
  'use server';
  const user = await requireUser('/settings');
  const parsed = timeModeBody.safeParse({ timeMode: form.get('timeMode') });
  if (!parsed.success) return;
  const { db } = await database();
  await setTimeMode(db, user.id, parsed.data.timeMode);
  revalidatePath('/settings');
}

export default async function SettingsPage() {
  const user = await requireUser('/settings');
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
      <form action={saveTimeMode} className={`${panel} mt-6 max-w-2xl p-5`}>
        <TimeModeFieldset current={user.timeMode} />
        <button type="submit" className={`${buttonStyles.primary} mt-4`}>
          Save
        </button>
      </form>
    </>
  );
}
