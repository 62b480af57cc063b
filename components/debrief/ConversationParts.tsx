import type { DebriefOption } from '@/server/training/debrief';
import { AlertIcon } from './Icons';

/** The id of a reply in the full conversation, for links from the sections above it. */
export const replyAnchor = (number: number) => `reply-${number}`;

/** The rule, in the words every mention of a critical error uses. */
export const CRITICAL_ERROR_RULE = 'A critical error fails the attempt whatever the score.';

/** A reply marked as a critical error, in words and with an icon, never by colour alone. */
export function CriticalErrorNote({ reason }: { reason: string }) {
  return (
    <p className="flex max-w-prose items-start gap-2 rounded-md border border-rose-300 bg-rose-50 px-4 py-3 leading-relaxed text-rose-950">
      <AlertIcon className="mt-0.5 h-5 w-5" />
      <span>
        <span className="font-semibold">Critical error: </span>
        {reason} {CRITICAL_ERROR_RULE}
      </span>
    </p>
  );
}

/** Scene-setting text: muted, and announced as narration so it is not mistaken for speech. */
export function Narration({ text }: { text: string }) {
  return (
    <p className="max-w-prose text-sm italic leading-relaxed text-slate-600">
      <span className="sr-only">Narration: </span>
      {text}
    </p>
  );
}

/** What the customer said at one moment, under their name. */
export function CustomerLines({ name, lines }: { name: string; lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <div>
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{name}</p>
      <blockquote className="mt-1 max-w-prose space-y-2 rounded-md bg-slate-100 px-4 py-3 leading-relaxed text-slate-900">
        {lines.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </blockquote>
    </div>
  );
}

/** What the trainee said, or a plain note that the timer ran out; `person` names them for a reviewer instead of "you". */
/** A reply as said: its words, or the trainee's own words (`typed`) and the reply they were understood as. */
export function TraineeReply({ option, label = 'You', person, typed = null }: { option: DebriefOption; label?: string; person?: string; typed?: string | null }) {
  return (
    <div>
      <p className="text-xs font-semibold uppercase tracking-wide text-brand-800">{person ?? (option.text === null ? 'You' : label)}</p>
      {option.text === null ? (
        <p className="mt-1 max-w-prose rounded-md border border-dashed border-slate-400 px-4 py-3 italic text-slate-700">
          {person ? 'No answer in time: the time limit ran out.' : 'You didn’t answer in time.'}
        </p>
      ) : (
        <>
          <blockquote className="mt-1 max-w-prose rounded-md border border-brand-100 bg-brand-50 px-4 py-3 leading-relaxed text-slate-900">
            <p>{typed ?? option.text}</p>
          </blockquote>
          {typed !== null && (
            <p className="mt-1 max-w-prose text-sm text-slate-700">
              Typed in {person ? 'their' : 'your'} own words; understood as: “{option.text}”
            </p>
          )}
        </>
      )}
    </div>
  );
}

export function Feedback({ text, label = 'Feedback' }: { text: string | null; label?: string }) {
  if (!text) return null;
  return (
    <p className="max-w-prose leading-relaxed text-slate-800">
      <span className="font-semibold text-slate-900">{label}: </span>
      {text}
    </p>
  );
}
