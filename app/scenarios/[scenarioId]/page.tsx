import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { principleById, timeLimitsOf } from '@/machines';
import { TimeModeFieldset } from '@/components/settings/TimeModeFieldset';
import { ChannelIcon } from '@/components/ui/ChannelIcon';
import { CHANNEL_LABELS, DIFFICULTY_LABELS } from '@/lib/labels';
import { buttonStyles, panel } from '@/components/ui/styles';
import { ScormDownload } from '@/components/scorm/ScormDownload';
import { hasRole, requireUser, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { playableScenario, unfinishedAttemptAt } from '@/server/training/library';

export const metadata: Metadata = { title: 'Before you start' };

export default async function BriefingPage({ params }: { params: Promise<{ scenarioId: string }> }) {
  const { scenarioId } = await params;
  const user = await requireUser(`/scenarios/${scenarioId}`);
  const { db } = await database();
  const scenario = /^[a-z0-9-]{3,64}$/.test(scenarioId) ? await playableScenario(db, scenarioId) : null;
  if (!scenario) notFound();
  const { meta } = scenario.doc;
  const limits = timeLimitsOf(scenario.doc);
  const unfinished = await unfinishedAttemptAt(db, user.id, scenario.doc.id);

  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link href="/scenarios" className={buttonStyles.quiet}>
          ← All scenarios
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight">{meta.title}</h1>
      <p className="mt-1 inline-flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
        <span className="inline-flex items-center gap-1">
          <ChannelIcon channel={meta.channel} /> {CHANNEL_LABELS[meta.channel]}
        </span>
        <span>{DIFFICULTY_LABELS[meta.difficulty]}</span>
        <span>About {meta.minutes} minutes</span>
      </p>

      {unfinished && (
        <section aria-labelledby="unfinished" className="mt-4 rounded-lg border border-brand-200 bg-brand-50 p-4">
          <h2 id="unfinished" className="font-semibold text-slate-900">
            You have not finished this conversation
          </h2>
          <p className="mt-1 text-slate-800">Pick it up where you left off, or start a new one below.</p>
          <Link href={`/play/${unfinished}`} className={`${buttonStyles.primary} mt-3`}>
            Continue the conversation
          </Link>
        </section>
      )}

      {meta.pool && (
        <p className="mt-4 rounded-lg border border-sky-200 bg-sky-50 p-4 text-slate-800">
          This is one version of the assessment <strong>{meta.pool.title}</strong>. Each attempt at the assessment draws a version you have not taken
          yet, so a retake is a new conversation; passing any version passes the assessment.
        </p>
      )}

      <section aria-labelledby="situation" className={`${panel} mt-6 p-5`}>
        <h2 id="situation" className="text-lg font-semibold">
          The situation
        </h2>
        <p className="mt-2 text-slate-800">{meta.summary}</p>
        <p className="mt-3 text-slate-800">
          You will be talking with <strong>{meta.persona.name}</strong> ({meta.persona.role}).
        </p>
      </section>

      <section aria-labelledby="scoring" className={`${panel} mt-4 p-5`}>
        <h2 id="scoring" className="text-lg font-semibold">
          How you are scored
        </h2>
        <p className="mt-2 text-slate-800">
          {meta.feedback === 'immediate'
            ? 'This is a coaching scenario: after each reply you see the points it earned and why.'
            : 'This is an assessment: your replies are scored as you go, and all the feedback comes in the debrief at the end.'}{' '}
          To pass you need {meta.passPercent}% overall and an ending that is not a failure.
        </p>
        <ul className="mt-3 space-y-2">
          {meta.principles.map((id) => {
            const principle = principleById(id);
            return (
              <li key={id} className="text-sm text-slate-800">
                <Link href={`/principles#${id}`} className="font-semibold underline underline-offset-2">
                  {principle?.name ?? id}
                </Link>
                {principle && <>: {principle.definition}</>}
              </li>
            );
          })}
        </ul>
      </section>

      <form method="post" action="/api/attempts" className={`${panel} mt-4 p-5`}>
        <input type="hidden" name="scenarioId" value={scenario.doc.id} />
        {limits.length > 0 ? (
          <>
            <p className="mb-3 text-slate-800">
              Some replies here are timed, because on a real {meta.channel === 'phone' ? 'call' : 'conversation'} silence has a cost: you get the time to
              read what is shown at a brisk pace, then up to {Math.max(...limits)} seconds more to answer. If the time runs out, that counts as not
              answering.
            </p>
            <TimeModeFieldset current={user.timeMode} />
          </>
        ) : (
          <p className="text-slate-800">There are no time limits in this scenario: take the time you need.</p>
        )}
        {/* Number keys are no help on a touch screen. */}
        <p className="mt-4 text-sm text-slate-700 pointer-coarse:hidden">Tip: choose a reply with the mouse, with Tab and Enter, or by pressing its number.</p>
        <button type="submit" className={`${unfinished ? buttonStyles.secondary : buttonStyles.primary} mt-4`}>
          {unfinished ? 'Start a new conversation' : 'Start the conversation'}
        </button>
      </form>

      {hasRole(user, ROLES_THAT.manageModules) && <ScormDownload scenarioId={scenario.doc.id} />}
    </div>
  );
}
