import type { Metadata } from 'next';
import { TimeModeFieldset } from '@/components/settings/TimeModeFieldset';
import { buttonStyles, panel } from '@/components/ui/styles';
import { ReadAloudToggle } from '@/components/speech/ReadAloudToggle';
import { requireUser } from '@/server/auth/access';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const user = await requireUser('/settings');
  const { saved } = await searchParams;
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
      <div role="status" className={saved === '1' ? 'mt-4 max-w-2xl rounded-md border border-emerald-300 bg-emerald-50 px-4 py-2 text-sm text-emerald-900' : ''}>
        {saved === '1' ? 'Your settings are saved.' : ''}
      </div>
      {/* A plain form post: it works before any script has loaded. */}
      <form method="post" action="/api/settings" className={`${panel} mt-6 max-w-2xl p-5`}>
        <TimeModeFieldset current={user.timeMode} />
        <button type="submit" className={`${buttonStyles.primary} mt-4`}>
          Save
        </button>
      </form>
      <form method="post" action="/api/settings/reminders" className={`${panel} mt-6 max-w-2xl p-5`} aria-labelledby="reminders-heading">
        <h2 id="reminders-heading" className="text-lg font-semibold">
          Email reminders
        </h2>
        <p className="mt-1 text-sm text-slate-700">Reminders about training that is due are {user.remindersOffAt ? 'off' : 'on'}. You are told of new assignments either way.</p>
        <input type="hidden" name="reminders" value={user.remindersOffAt ? 'on' : 'off'} />
        <button type="submit" className={`${buttonStyles.secondary} mt-3`}>
          {user.remindersOffAt ? 'Turn email reminders on' : 'Stop email reminders'}
        </button>
      </form>
      <section aria-labelledby="hearing-heading" className={`${panel} mt-6 max-w-2xl p-5`}>
        <h2 id="hearing-heading" className="text-lg font-semibold">
          Hearing the customer
        </h2>
        <p className="mt-1 text-sm text-slate-700">Kept on this device, as its voices are. Where this browser has none of its own, there is nothing to switch on.</p>
        <ReadAloudToggle className="mt-3" />
      </section>
    </>
  );
}
