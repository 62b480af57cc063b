import { moodLabel } from '@/lib/labels';
import { panel } from '@/components/ui/styles';
import type { DebriefView } from '@/server/training/debrief';
import { CriticalErrorNote, CustomerLines, Feedback, Narration, replyAnchor, TraineeReply } from './ConversationParts';
import { AlertIcon, ClockIcon } from './Icons';
import { TIME_MODE_WORDS } from '@/lib/debrief-words';
import { PointsList } from '@/components/ui/PointsList';

/**
 * Who reads a finished conversation: the trainee in their debrief ("you", with each change of time
 * limits where it happened), or a reviewer in HR's record of a person (the person's name, and a reply
 * that would have scored more).
 */
export type TranscriptReader = 'trainee' | 'reviewer';

/** The trainee's full conversation, as the debrief's last section. */
export function Transcript({ view }: { view: DebriefView }) {
  const afterTheLast = (view.timeLimits?.changes ?? []).filter((c) => c.atReply === null);
  return (
    <section aria-labelledby="transcript-heading">
      <h2 id="transcript-heading" className="text-xl font-semibold tracking-tight">
        The full conversation
      </h2>
      <p className="mt-1 max-w-prose text-slate-700">Every reply you chose, in order, with the points it earned and the feedback on it.</p>
      <div className="mt-4">
        <ReplyList view={view} reader="trainee" headingLevel={3} />
      </div>
      {afterTheLast.map((c, i) => (
        <div key={i} className="mt-4">
          <TimeLimitChangeNote text={`After the last reply, time limits changed from ${TIME_MODE_WORDS[c.from]} to ${TIME_MODE_WORDS[c.to]}.`} />
        </div>
      ))}
      {view.ending.say.length > 0 && (
        <div className={`${panel} mt-4 space-y-3 p-5 sm:p-6`}>
          <h3 className="text-base font-semibold text-slate-900">The end of the conversation</h3>
          <CustomerLines name={view.persona.name} lines={view.ending.say} />
        </div>
      )}
    </section>
  );
}

/**
 * Every reply of a finished attempt in order: what the customer said, the reply taken, its points
 * and feedback, and a critical error marked in words and with an icon, never by colour alone.
 */
export function ReplyList({ view, reader, headingLevel }: { view: DebriefView; reader: TranscriptReader; headingLevel: 3 | 4 | 5 }) {
  const Heading = `h${headingLevel}` as const;
  const trainee = reader === 'trainee';
  const who = view.owner.name;
  const count = view.decisions.length;
  const changes = trainee ? (view.timeLimits?.changes ?? []) : [];
  if (count === 0) {
    const text = trainee ? 'The conversation ended before you had a reply to make.' : `The conversation ended before ${who} had a reply to make.`;
    return <p className={trainee ? `${panel} p-5 text-slate-700` : 'text-slate-700'}>{text}</p>;
  }
  return (
    <div>
      <ol className={trainee ? `${panel} divide-y divide-slate-200` : 'divide-y divide-slate-200'}>
        {view.decisions.map((decision) => (
          <li
            key={decision.seq}
            id={trainee ? replyAnchor(decision.number) : undefined}
            className={`${trainee ? 'scroll-mt-6 space-y-4 p-5 sm:p-6' : 'space-y-3 py-4 first:pt-0'} ${decision.critical ? 'border-l-4 border-l-rose-400 pl-4' : ''}`}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <Heading className="flex flex-wrap items-center gap-x-2 text-base font-semibold text-slate-900">
                <span>
                  Reply {decision.number} of {count}
                  {decision.critical && ':'}
                </span>
                {decision.critical && (
                  <span className="inline-flex items-center gap-1 rounded-full border border-rose-300 bg-rose-50 px-2 py-0.5 text-sm font-semibold text-rose-900">
                    <AlertIcon className="h-4 w-4" />a critical error
                  </span>
                )}
              </Heading>
              <p className="text-sm text-slate-600">
                {view.persona.name}&rsquo;s mood: {moodLabel(decision.mood)}
              </p>
            </div>
            {changes
              .filter((c) => c.atReply === decision.number)
              .map((c, i) => (
                <TimeLimitChangeNote key={i} text={`Time limits changed from ${TIME_MODE_WORDS[c.from]} to ${TIME_MODE_WORDS[c.to]} while this reply was open.`} />
              ))}
            {decision.narration && <Narration text={decision.narration} />}
            <CustomerLines name={view.persona.name} lines={decision.say} />
            {decision.retried && <RetriedAnswerNote retried={decision.retried} number={decision.number} person={trainee ? undefined : who} />}
            <TraineeReply
              option={decision.taken}
              typed={decision.typed}
              person={trainee ? undefined : who}
              label={decision.retried ? 'You, trying again (this answer counts)' : undefined}
            />
            <PointsList points={decision.taken.points} label={`Points for reply ${decision.number}`} />
            <Feedback text={decision.taken.feedback} />
            {decision.critical && <CriticalErrorNote reason={decision.critical} />}
            {!trainee && decision.better?.text && <Feedback text={`“${decision.better.text}”`} label="A reply that would have scored more" />}
          </li>
        ))}
      </ol>
      {!trainee && view.ending.say.length > 0 && (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <Heading className="font-semibold text-slate-900">The end of the conversation</Heading>
          <CustomerLines name={view.persona.name} lines={view.ending.say} />
        </div>
      )}
    </div>
  );
}

/** The first answer to a decision, taken back to try again in coaching: shown as it was, marked as not counted. */
function RetriedAnswerNote({ retried, number, person }: { retried: NonNullable<DebriefView['decisions'][number]['retried']>; number: number; person?: string }) {
  return (
    <div className="space-y-2 rounded-md border border-dashed border-slate-400 p-3">
      <p className="text-sm font-semibold text-slate-800">
        {person ? `${person}'s first answer, taken back to try again` : 'Your first answer, which you took back to try again'} (not counted in the score)
      </p>
      <TraineeReply option={retried.taken} typed={retried.typed} person={person} label="You, first" />
      <PointsList points={retried.taken.points} label={`Points the first answer to reply ${number} would have earned`} />
      <Feedback text={retried.taken.feedback} />
      {retried.critical && (
        // Taken back, so it does not fail the attempt; the coach's reason is still worth reading.
        <p className="flex max-w-prose items-start gap-2 text-sm text-slate-800">
          <AlertIcon className="mt-0.5 h-4 w-4" />
          <span>
            <span className="font-semibold">This first answer was a critical error: </span>
            {retried.critical} Taken back, it does not count.
          </span>
        </p>
      )}
    </div>
  );
}

function TimeLimitChangeNote({ text }: { text: string }) {
  return (
    <p className="flex items-center gap-2 text-sm text-slate-700">
      <ClockIcon className="h-4 w-4" />
      {text}
    </p>
  );
}
