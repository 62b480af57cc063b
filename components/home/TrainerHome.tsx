import Link from 'next/link';
import { publishingStatus } from '@/components/author/studio/studio-row';
import { ColumnHeads } from '@/components/ui/ColumnHeads';
import { DataTable } from '@/components/ui/DataTable';
import { LocalTime } from '@/components/ui/LocalTime';
import { buttonStyles, panel } from '@/components/ui/styles';
import { formatPercent } from '@/lib/labels';
import type { StudioEntry } from '@/server/studio/authoring';
import type { StruggleSpot, TrainerHome as TrainerHomeView } from '@/server/studio/trainer-home';

const linkStyle = 'font-semibold text-brand-800 underline decoration-slate-300 underline-offset-2 hover:decoration-brand-700';

/** The studio's analytics for one step: the editor at that step, with how trainees played it open. */
const analyticsHref = (spot: Pick<StruggleSpot, 'scenarioId' | 'state'>) => `/author/${encodeURIComponent(spot.scenarioId)}?step=${encodeURIComponent(spot.state)}&usage=shown`;

function Drafts({ drafts }: { drafts: StudioEntry[] }) {
  return (
    <section aria-labelledby="drafts-heading">
      <h3 id="drafts-heading" className="text-lg font-semibold">
        Your drafts
      </h3>
      {drafts.length === 0 ? (
        <p className={`${panel} mt-2 p-4 text-sm text-slate-700`}>Nothing unpublished: every scenario you work on is published as it stands.</p>
      ) : (
        <ul className={`${panel} mt-2 divide-y divide-slate-200`} aria-label="Your drafts">
          {drafts.map((d) => (
            <li key={d.scenarioId} className="px-4 py-3">
              <Link href={`/author/${encodeURIComponent(d.scenarioId)}`} className={linkStyle}>
                {d.title}
                <span className="sr-only">: open in the studio</span>
              </Link>
              <p className="text-sm text-slate-700">
                {publishingStatus(d)} · last edited <LocalTime iso={d.lastEditAt.toISOString()} />
                {d.lastEditBy ? ` by ${d.lastEditBy}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Struggles({ struggles, days }: { struggles: StruggleSpot[]; days: number }) {
  return (
    <section aria-labelledby="struggles-heading">
      <h3 id="struggles-heading" className="text-lg font-semibold">
        Where trainees struggle most this week
      </h3>
      <p className="mt-1 text-sm text-slate-700">
        The steps of your scenarios with the most answers in the last {days} days that were critical errors or earned under half of the best reply&rsquo;s points.
      </p>
      {struggles.length === 0 ? (
        <p className={`${panel} mt-2 p-4 text-sm text-slate-700`}>No trainee answer of the last {days} days on your scenarios was a critical error or scored low.</p>
      ) : (
        <ol className={`${panel} mt-2 divide-y divide-slate-200`} aria-label="Steps where trainees struggle most">
          {struggles.map((s) => (
            <li key={`${s.scenarioId}:${s.state}`} className="px-4 py-3">
              <Link href={analyticsHref(s)} className={linkStyle}>
                {s.title}, step “{s.state}”<span className="sr-only">: see how trainees played it</span>
              </Link>
              {s.said && <p className="mt-0.5 line-clamp-2 text-sm text-slate-800">The customer: “{s.said}”</p>}
              <p className="mt-0.5 text-sm text-slate-700">
                <span className="font-semibold tabular-nums text-slate-900">
                  {s.weak.toLocaleString('en-GB')} of {s.answers.toLocaleString('en-GB')}
                </span>{' '}
                answers went wrong
                {s.critical > 0 ? ` (${s.critical.toLocaleString('en-GB')} ${s.critical === 1 ? 'a critical error' : 'critical errors'})` : ''}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Scenarios({ scenarios }: { scenarios: StudioEntry[] }) {
  if (scenarios.length === 0) {
    return (
      <section aria-labelledby="my-scenarios-heading">
        <h3 id="my-scenarios-heading" className="text-lg font-semibold">
          Your scenarios
        </h3>
        <p className={`${panel} mt-2 p-4 text-sm text-slate-700`}>You have not written a scenario yet. Start one in the studio, or duplicate a built-in one to adapt it.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="my-scenarios-heading">
      <h3 id="my-scenarios-heading" className="text-lg font-semibold">
        Your scenarios
      </h3>
      <DataTable
        label="Table of your scenarios"
        className="mt-2"
        caption={<caption className="sr-only">Your scenarios, the most recently edited first, with how trainees do on them</caption>}
        head={<ColumnHeads labels={['Scenario', 'Status', 'Attempts', 'Pass rate']} cellClassName="whitespace-nowrap px-4 py-2" end={['Attempts', 'Pass rate']} />}
      >
        {scenarios.map((s) => (
          <tr key={s.scenarioId} className="border-b border-slate-100 last:border-0">
            <th scope="row" className="px-4 py-2 font-medium">
              <Link href={`/author/${encodeURIComponent(s.scenarioId)}`} className={linkStyle}>
                {s.title}
              </Link>
            </th>
            <td className="px-4 py-2 text-slate-800">{publishingStatus(s)}</td>
            <td className="px-4 py-2 text-right tabular-nums">{s.attempts.toLocaleString('en-GB')}</td>
            <td className="px-4 py-2 text-right">
              {s.passRate === null ? (
                <span className="text-slate-700">{s.attempts ? 'None finished yet' : '—'}</span>
              ) : (
                <span className="whitespace-nowrap">
                  <span className="font-semibold tabular-nums">{formatPercent(s.passRate * 100)}</span>{' '}
                  <span className="text-slate-700">of {s.completedAttempts.toLocaleString('en-GB')} finished</span>
                </span>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** The studio's side of an author's home: drafts, their scenarios with trainees' results, and where trainees struggle. */
export function TrainerHome({ view }: { view: TrainerHomeView }) {
  return (
    <section aria-labelledby="studio-home-heading" className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="studio-home-heading" className="text-xl font-semibold tracking-tight">
          Your studio
        </h2>
        <Link href="/author" className={buttonStyles.quiet}>
          Open the studio
        </Link>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Drafts drafts={view.drafts} />
        <Struggles struggles={view.struggles} days={view.struggleDays} />
      </div>
      <Scenarios scenarios={view.scenarios} />
    </section>
  );
}
