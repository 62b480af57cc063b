import Link from 'next/link';
import { ClockIcon, OutcomeIcon } from '@/components/debrief/Icons';
import { LocalTime } from '@/components/ui/LocalTime';
import { formatPercent, OUTCOME_LABELS } from '@/components/ui/labels';
import { buttonStyles, panel } from '@/components/ui/styles';
import type { PersonReport, ReportAttempt } from '@/server/person-report';
import { AttemptTranscript } from './AttemptTranscript';

const TIME_MODES = { standard: 'Standard time limits', extended: 'Extended time limits', off: 'No time limits' } as const;
const choicesWord = (n: number) => (n === 1 ? 'one choice' : `${n} choices`);
const repliesWord = (n: number) => (n === 1 ? 'one reply' : `${n} replies`);
const link = 'font-semibold text-brand-800 underline decoration-slate-300 underline-offset-2 hover:decoration-brand-700';

function Result({ attempt }: { attempt: ReportAttempt }) {
  if (attempt.status !== 'completed' || !attempt.outcome) {
    return (
      <p className="inline-flex items-center gap-1 text-sm text-slate-700">
        <ClockIcon className="h-4 w-4" /> Not finished: {attempt.choicesMade === 0 ? 'no choice made yet' : `${choicesWord(attempt.choicesMade)} made so far`}
      </p>
    );
  }
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-800">
      <span className="inline-flex items-center gap-1">
        <OutcomeIcon outcome={attempt.outcome} className="h-4 w-4" />
        {OUTCOME_LABELS[attempt.outcome]}
      </span>
      <span className="font-semibold tabular-nums">{attempt.overallPercent === null ? '—' : formatPercent(attempt.overallPercent)}</span>
      <span className={attempt.passed ? 'font-semibold text-emerald-800' : 'text-slate-700'}>{attempt.passed ? 'Passed ✓' : 'Not passed'}</span>
    </p>
  );
}

/** Every attempt, newest first, a page at a time; each opens its transcript in place or its full debrief. */
export function AttemptList({ attempts, userId }: { attempts: PersonReport['attempts']; userId: string }) {
  const { items, page, pageCount, pageSize, total } = attempts;
  const firstShown = (page - 1) * pageSize + 1;
  return (
    <section aria-labelledby="attempts-heading" id="attempts" className={`${panel} mt-6 scroll-mt-6 p-5`}>
      <h2 id="attempts-heading" className="text-lg font-semibold">
        Attempts
      </h2>
      {total === 0 ? (
        <p className="mt-3 text-slate-700">This person has not started a scenario yet.</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700">
            {total === 1 ? 'One attempt.' : `${total} attempts, newest first${pageCount > 1 ? `; showing ${firstShown}–${firstShown + items.length - 1}` : ''}.`} Open a
            transcript here, or the full debrief with the costliest moments.
          </p>
          <ol className="mt-4 space-y-3" aria-label="Attempts, newest first">
            {items.map((attempt) => (
              <li key={attempt.attemptId} className="rounded-md border border-slate-200 p-4">
                <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
                  <div className="min-w-0">
                    <h3 className="font-semibold">
                      <Link href={`/attempts/${attempt.attemptId}`} className={link}>
                        {attempt.title}
                        <span className="sr-only">{attempt.status === 'completed' ? ': see the full debrief' : ': see how far it got'}</span>
                      </Link>
                    </h3>
                    <p className="text-sm text-slate-600">
                      Version {attempt.version} · started <LocalTime iso={attempt.startedAt.toISOString()} />
                      {attempt.completedAt && (
                        <>
                          {' '}
                          · finished <LocalTime iso={attempt.completedAt.toISOString()} />
                        </>
                      )}{' '}
                      · {TIME_MODES[attempt.timeMode]}
                    </p>
                  </div>
                  <Result attempt={attempt} />
                </div>
                {attempt.debrief && (
                  <details className="mt-3 rounded-md bg-slate-50 px-3 py-2 open:pb-4">
                    <summary className="w-fit cursor-pointer rounded font-medium text-brand-800 underline underline-offset-2">
                      Transcript: {repliesWord(attempt.debrief.decisions.length)}, with the choices made and the feedback
                    </summary>
                    <div className="mt-3">
                      <AttemptTranscript view={attempt.debrief} />
                    </div>
                  </details>
                )}
              </li>
            ))}
          </ol>
          {pageCount > 1 && <Pages page={page} pageCount={pageCount} userId={userId} />}
        </>
      )}
    </section>
  );
}

function Pages({ page, pageCount, userId }: { page: number; pageCount: number; userId: string }) {
  const href = (n: number) => `/hr/people/${userId}?page=${n}#attempts`;
  return (
    <nav aria-label="Attempt pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      {page > 1 ? (
        <Link href={href(page - 1)} className={buttonStyles.secondary}>
          <span aria-hidden="true">←</span> Newer attempts
        </Link>
      ) : (
        <span />
      )}
      <p className="text-sm text-slate-700">
        Page {page} of {pageCount}
      </p>
      {page < pageCount ? (
        <Link href={href(page + 1)} className={buttonStyles.secondary}>
          Older attempts <span aria-hidden="true">→</span>
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
