import Link from 'next/link';
import { ClockIcon, OutcomeIcon } from '@/components/debrief/Icons';
import { LocalTime } from '@/components/ui/LocalTime';
import { FAST_PASS_LABEL, formatDuration, formatPercent, OUTCOME_LABELS } from '@/lib/labels';
import { buttonStyles, panel } from '@/components/ui/styles';
import type { TimeMode } from '@/server/db/schema';
import { withReturn } from '@/lib/return-to';
import { personReportHref, type AttemptsShown, type PersonReport, type ReportAttempt, type ReportTimeLimits } from '@/server/reporting/person-report';
import { ReplyList } from '@/components/debrief/Transcript';
import { CRITICAL_ERROR_RULE } from '@/components/debrief/ConversationParts';
import { WarningIcon } from './parts';

/** Time modes in words, saying what each does. */
const TIME_MODE_WORDS: Record<TimeMode, string> = { standard: 'standard', extended: 'extended (twice as long)', off: 'off (no time limits)' };
const choicesWord = (n: number) => (n === 1 ? 'one choice' : `${n} choices`);
const repliesWord = (n: number) => (n === 1 ? 'one reply' : `${n} replies`);
const criticalWord = (n: number) => (n === 1 ? 'one critical error' : `${n} critical errors`);
const attemptsWord = (n: number) => (n === 1 ? 'one attempt' : `${n} attempts`);
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
      {attempt.failedByCriticalError && (
        <span className="inline-flex items-center gap-1 rounded-full border border-rose-300 bg-rose-50 px-2 py-0.5 font-semibold text-rose-900">
          <WarningIcon className="h-4 w-4" />
          Failed by {criticalWord(attempt.criticalErrors)}
        </span>
      )}
      {attempt.passedFasterThanReading && (
        <span className="inline-flex items-center gap-1 rounded-full border border-amber-400 bg-amber-50 px-2 py-0.5 font-semibold text-amber-950">
          <WarningIcon className="h-4 w-4" />
          {FAST_PASS_LABEL}
        </span>
      )}
    </p>
  );
}

/** How long the path takes to read against the time taken, with the rule when the pass was flagged. */
function Pace({ attempt }: { attempt: ReportAttempt }) {
  if (!attempt.pace) return null;
  const { readingMs, answeringMs } = attempt.pace;
  return (
    <p className={`mt-2 text-sm ${attempt.passedFasterThanReading ? 'text-amber-950' : 'text-slate-700'}`}>
      Answered in {formatDuration(answeringMs)}; what it showed takes about {formatDuration(readingMs)} to read at a brisk pace.
      {attempt.passedFasterThanReading && ' Passed in under half that time: worth asking whether the replies were read.'}
    </p>
  );
}

/** "At reply 2" or "After the last reply". */
const whenChanged = (atReply: number | null) => (atReply === null ? 'After the last reply' : `At reply ${atReply}`);

/** A timed scenario's limits: the mode, and every change of it during the attempt. Untimed scenarios have nothing to say. */
function TimeLimits({ limits, finished }: { limits: ReportTimeLimits; finished: boolean }) {
  if (limits.changes.length === 0) {
    return <p className="mt-2 text-sm text-slate-700">Time limits: {TIME_MODE_WORDS[limits.startedWith]}, not changed.</p>;
  }
  return (
    <div className="mt-2 text-sm text-slate-700">
      <p>
        Time limits: started {TIME_MODE_WORDS[limits.startedWith]}, {finished ? 'ended' : 'now'} {TIME_MODE_WORDS[limits.endedWith]}; changed{' '}
        {limits.changes.length === 1 ? 'once' : `${limits.changes.length} times`}:
      </p>
      <ul className="ml-5 list-disc">
        {limits.changes.map((change, i) => (
          <li key={i}>
            {whenChanged(change.atReply)}: from {TIME_MODE_WORDS[change.from]} to {TIME_MODE_WORDS[change.to]} (<LocalTime iso={change.changedAt.toISOString()} />)
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The replies that were critical errors, and why, before the transcript: they decide the result. */
function CriticalReplies({ attempt }: { attempt: ReportAttempt }) {
  if (attempt.criticalReplies.length === 0) return null;
  return (
    <div className="mt-3 rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-950">
      <p className="flex items-center gap-1.5 font-semibold">
        <WarningIcon className="h-4 w-4" />
        {criticalWord(attempt.criticalReplies.length).replace(/^one/, 'One')}
      </p>
      <p className="mt-0.5">{CRITICAL_ERROR_RULE}</p>
      <ul className="mt-1 space-y-0.5">
        {attempt.criticalReplies.map((c) => (
          <li key={c.seq}>
            <span className="font-semibold">Reply {c.reply}: </span>
            {c.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** All attempts, or only those failed by a critical error: links, so the choice is in the address. */
function ShowFilter({ attempts, userId, from }: { attempts: PersonReport['attempts']; userId: string; from?: string }) {
  const options: { show: AttemptsShown; label: string; count: number }[] = [
    { show: 'all', label: 'All attempts', count: attempts.all },
    { show: 'failed-by-critical-error', label: 'Failed by a critical error', count: attempts.failedByCriticalError },
    { show: 'passed-faster-than-reading', label: FAST_PASS_LABEL, count: attempts.passedFasterThanReading },
  ];
  return (
    <nav aria-label="Which attempts to show" className="mt-3">
      <ul className="flex flex-wrap gap-2 text-sm">
        {options.map((option) => {
          const current = attempts.show === option.show;
          return (
            <li key={option.show}>
              <Link
                href={withReturn(`${personReportHref(userId, { show: option.show })}#attempts`, from)}
                aria-current={current ? 'page' : undefined}
                className={`inline-flex items-center gap-1 rounded-full border px-3 py-1 underline-offset-2 hover:underline ${
                  current ? 'border-brand-700 bg-brand-50 font-semibold text-brand-900' : 'border-slate-300 bg-white text-slate-800'
                }`}
              >
                {current && <span aria-hidden="true">✓</span>}
                {option.label} ({option.count})
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** The attempts a list holds, after "attempts". */
const WHICH_WORDS: Record<AttemptsShown, string> = {
  all: '',
  'failed-by-critical-error': ' failed by a critical error',
  'passed-faster-than-reading': ' passed faster than the text could be read',
};
const NONE_WORDS: Record<AttemptsShown, string> = {
  all: '',
  'failed-by-critical-error': 'None of this person’s attempts failed by a critical error.',
  'passed-faster-than-reading': 'None of this person’s passes went faster than their text could be read.',
};

/** Every attempt, newest first, a page at a time; each opens its transcript in place or its full debrief. */
export function AttemptList({ attempts, userId, from }: { attempts: PersonReport['attempts']; userId: string; from?: string }) {
  const { items, page, pageCount, pageSize, total, show } = attempts;
  const firstShown = (page - 1) * pageSize + 1;
  const which = WHICH_WORDS[show];
  return (
    <section aria-labelledby="attempts-heading" id="attempts" className={`${panel} mt-6 scroll-mt-6 p-5`}>
      <h2 id="attempts-heading" className="text-lg font-semibold">
        Attempts
      </h2>
      {attempts.all === 0 ? (
        <p className="mt-3 text-slate-700">This person has not started a scenario yet.</p>
      ) : (
        <>
          <ShowFilter attempts={attempts} userId={userId} from={from} />
          {total === 0 ? (
            <p className="mt-3 text-slate-700" role="status">
              {NONE_WORDS[show]}
            </p>
          ) : (
            <>
              <p className="mt-3 text-sm text-slate-700" role="status">
                {total === 1
                  ? `One attempt${which}.`
                  : `${attemptsWord(total)}${which}, newest first${pageCount > 1 ? `; showing ${firstShown}–${firstShown + items.length - 1}` : ''}.`}{' '}
                Open a transcript here, or the full debrief with the costliest moments.
              </p>
              <ol className="mt-4 space-y-3" aria-label={`Attempts${which}, newest first`}>
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
                        {attempt.pool && <p className="text-sm text-slate-700">One version of the assessment {attempt.pool.title}</p>}
                        <p className="text-sm text-slate-600">
                          Version {attempt.version} · started <LocalTime iso={attempt.startedAt.toISOString()} />
                          {attempt.completedAt && (
                            <>
                              {' '}
                              · finished <LocalTime iso={attempt.completedAt.toISOString()} />
                            </>
                          )}
                        </p>
                      </div>
                      <Result attempt={attempt} />
                    </div>
                    {attempt.timeLimits && <TimeLimits limits={attempt.timeLimits} finished={attempt.status === 'completed'} />}
                    <Pace attempt={attempt} />
                    <CriticalReplies attempt={attempt} />
                    {attempt.debrief && (
                      <details className="mt-3 rounded-md bg-slate-50 px-3 py-2 open:pb-4">
                        <summary className="w-fit cursor-pointer rounded font-medium text-brand-800 underline underline-offset-2">
                          Transcript: {repliesWord(attempt.debrief.decisions.length)}, with the choices made and the feedback
                          {attempt.criticalReplies.length > 0 && `, and the ${attempt.criticalReplies.length === 1 ? 'critical error' : 'critical errors'} marked`}
                        </summary>
                        <div className="mt-3">
                          <ReplyList view={attempt.debrief} reader="reviewer" headingLevel={4} />
                        </div>
                      </details>
                    )}
                  </li>
                ))}
              </ol>
              {pageCount > 1 && <Pages page={page} pageCount={pageCount} userId={userId} show={show} from={from} />}
            </>
          )}
        </>
      )}
    </section>
  );
}

function Pages({ page, pageCount, userId, show, from }: { page: number; pageCount: number; userId: string; show: AttemptsShown; from?: string }) {
  const href = (n: number) => withReturn(`${personReportHref(userId, { show, attemptPage: n })}#attempts`, from);
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
