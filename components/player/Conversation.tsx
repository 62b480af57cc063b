import { memo, useEffect, useRef } from 'react';
import { speak } from '@/components/speech/speech';
import type { Channel } from '@/machines/format';
import type { ChoiceFeedback } from '@/server/training/attempts';
import { FeedbackNote } from './FeedbackNote';

/** One turn of the conversation as shown: what the customer (and the narration) said, or what the trainee said. */
export type ConversationEntry =
  | { kind: 'customer'; key: string; narration: string | null; say: string[] }
  /**
   * `words` is null when time ran out; `saving` while the server has not yet acknowledged it.
   * A reply typed in the trainee's own words shows `typed`, and `words` as the reply it was
   * understood as; `unclear` marks typed words that matched no reply (the customer then asks again).
   */
  | {
      kind: 'trainee';
      key: string;
      words: string | null;
      saving: boolean;
      feedback: ChoiceFeedback | null;
      typed?: string | null;
      unclear?: boolean;
      /** A reply taken back to answer the decision again (coaching, decision 042): shown with its feedback, not counted. */
      retried?: boolean;
    };

/**
 * How a channel's messages look: spoken and chat lines as bubbles; an email as one letter with its
 * sender; a social network post as a public post, so the trainee sees that everyone reads it.
 */
type Look = 'bubbles' | 'email' | 'public';
const lookOf = (channel: Channel): Look => (channel === 'email' ? 'email' : channel === 'social' ? 'public' : 'bubbles');

/** The heading over the replies, in the channel's terms. */
export const replyHeading = (channel: Channel) => (channel === 'email' ? 'Your reply email' : channel === 'social' ? 'Your public reply' : 'Your reply');

function Avatar({ name }: { name: string }) {
  return (
    <span aria-hidden="true" className="mt-1 flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-800">
      {name.charAt(0)}
    </span>
  );
}

/** On a public thread, a line "Another user, @handle, replies: …" is that user's post (docs/scenario-format.md). */
const OTHER_USER = /^Another user, (@[A-Za-z0-9_]{1,30}), (?:replies|posts|writes): ([\s\S]+)$/;

function PublicPost({ name, line }: { name: string; line: string }) {
  const other = OTHER_USER.exec(line);
  const author = other ? other[1]! : name;
  return (
    <li className="flex items-start gap-3">
      <Avatar name={other ? author.slice(1) : name} />
      <div className="max-w-[88%] rounded-md bg-white px-4 py-2 shadow-sm ring-1 ring-slate-300">
        <p className="text-xs font-medium text-slate-600">
          <span className="font-semibold text-slate-900">{author}</span>
          {other ? ', another user' : ''} · public post, everyone can see it
        </p>
        <p className="mt-1 text-slate-900">{other ? other[2] : line}</p>
      </div>
    </li>
  );
}

function CustomerTurn({ name, narration, say, look }: { name: string; narration: string | null; say: string[]; look: Look }) {
  return (
    <>
      {narration && (
        <li className="mx-auto max-w-prose text-center text-sm italic text-slate-700">
          <span className="sr-only">Narration: </span>
          {narration}
        </li>
      )}
      {look === 'email' && say.length > 0 && (
        <li className="max-w-[92%] rounded-md bg-white shadow-sm ring-1 ring-slate-300">
          <p className="border-b border-slate-200 px-4 py-2 text-sm text-slate-700">
            <span className="font-semibold text-slate-900">Email from {name}</span>
          </p>
          <div className="space-y-2 px-4 py-3 text-slate-900">
            {say.map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
        </li>
      )}
      {look === 'public' && say.map((line, i) => <PublicPost key={i} name={name} line={line} />)}
      {look === 'bubbles' &&
        say.map((line, i) => (
          <li key={i} className="flex items-start gap-3">
            <Avatar name={name} />
            <p className="max-w-[85%] rounded-2xl rounded-tl-sm bg-white px-4 py-2 text-slate-900 shadow-sm ring-1 ring-slate-200">
              <span className="sr-only">{name}: </span>
              {line}
            </p>
          </li>
        ))}
    </>
  );
}

const YOUR_WORDS: Record<Look, string> = { bubbles: 'You: ', email: 'Your email: ', public: 'Your public reply, everyone can see it: ' };

function TraineeTurn({
  words,
  typed,
  unclear,
  saving,
  feedback,
  retried,
  look,
}: {
  words: string | null;
  typed: string | null;
  unclear: boolean;
  saving: boolean;
  feedback: ChoiceFeedback | null;
  retried: boolean;
  look: Look;
}) {
  const said = typed ?? words;
  return (
    <li className={`flex flex-col items-end gap-1 ${retried ? 'opacity-80' : ''}`}>
      {retried && <p className="text-xs font-semibold text-slate-700">Taken back: you tried this reply again (not counted)</p>}
      {said === null ? (
        <p className="max-w-[85%] rounded-2xl rounded-tr-sm border border-dashed border-slate-400 px-4 py-2 italic text-slate-700">
          <span className="sr-only">You: </span>(You didn&apos;t reply in time.)
        </p>
      ) : look === 'bubbles' ? (
        <p className="max-w-[85%] rounded-2xl rounded-tr-sm bg-brand-800 px-4 py-2 text-white shadow-sm">
          <span className="sr-only">You: </span>
          {said}
        </p>
      ) : (
        <div className="max-w-[88%] rounded-md bg-brand-50 shadow-sm ring-1 ring-brand-700">
          <p className="border-b border-brand-200 px-4 py-1.5 text-xs font-semibold text-brand-900" aria-hidden="true">
            {look === 'email' ? 'Your email' : 'Your public reply · everyone can see it'}
          </p>
          <p className="px-4 py-2 text-slate-900">
            <span className="sr-only">{YOUR_WORDS[look]}</span>
            {said}
          </p>
        </div>
      )}
      {typed != null && (unclear || words !== null) && (
        <p className="max-w-[85%] text-right text-xs text-slate-700">{unclear ? 'Not understood: put it another way.' : <>Understood as: “{words}”</>}</p>
      )}
      {saving && (
        <span className="text-xs text-slate-600" aria-hidden="true">
          Saving…
        </span>
      )}
      {feedback && <FeedbackNote feedback={feedback} />}
    </li>
  );
}

/** Channels where the customer speaks, and may be heard. */
const SPOKEN = new Set<Channel>(['phone', 'in-person']);

/** Reads aloud the customer's newest line each time a new one arrives (not those already there when the page opened). */
function useReadNewLines(entries: readonly ConversationEntry[], name: string, on: boolean) {
  const last = entries.findLast((entry) => entry.kind === 'customer' && entry.say.length > 0) as Extract<ConversationEntry, { kind: 'customer' }> | undefined;
  const spoken = useRef(last?.key ?? null);
  useEffect(() => {
    if (!last || last.key === spoken.current) return;
    spoken.current = last.key;
    if (on) speak(last.say, name);
  }, [last, name, on]);
}

const sameTurn = (a: ConversationEntry, b: ConversationEntry): boolean => {
  if (a.kind === 'customer') return b.kind === 'customer' && a.narration === b.narration && a.say.join('\n') === b.say.join('\n');
  return (
    b.kind === 'trainee' && a.words === b.words && a.typed === b.typed && a.unclear === b.unclear && a.saving === b.saving && a.feedback === b.feedback && a.retried === b.retried
  );
};

/**
 * One turn, rendered again only when what it shows changes: as the conversation grows, each reply
 * renders the turns it adds, not the whole conversation again.
 */
const Turn = memo(
  function Turn({ name, entry, look }: { name: string; entry: ConversationEntry; look: Look }) {
    return entry.kind === 'customer' ? (
      <CustomerTurn name={name} narration={entry.narration} say={entry.say} look={look} />
    ) : (
      <TraineeTurn
        words={entry.words}
        typed={entry.typed ?? null}
        unclear={entry.unclear === true}
        saving={entry.saving}
        feedback={entry.feedback}
        retried={entry.retried === true}
        look={look}
      />
    );
  },
  (before, after) => before.name === after.name && before.look === after.look && sameTurn(before.entry, after.entry),
);

/**
 * The conversation so far, announced line by line as it grows. `waiting` shows that the customer
 * is about to answer (an assessment waits for the server to say what comes next).
 */
export function Conversation({
  name,
  channel,
  entries,
  waiting = false,
  readAloud = false,
}: {
  name: string;
  channel: Channel;
  entries: ConversationEntry[];
  waiting?: boolean;
  /** Read each new customer line aloud (spoken channels, when the trainee has switched it on). */
  readAloud?: boolean;
}) {
  const look = lookOf(channel);
  useReadNewLines(entries, name, readAloud && SPOKEN.has(channel));
  return (
    <section aria-labelledby="conversation-heading" className="mt-4">
      <h2 id="conversation-heading" className="sr-only">
        Conversation
      </h2>
      {/* The live region wraps the list, so the list keeps its list semantics. */}
      <div role="log" aria-live="polite" aria-relevant="additions" className="rounded-lg bg-slate-100 p-4">
        <ol className="space-y-3">
          {entries.map((entry) => (
            <Turn key={entry.key} name={name} entry={entry} look={look} />
          ))}
          {waiting && (
            <li className="flex items-center gap-3" aria-hidden="true">
              <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-800">{name.charAt(0)}</span>
              <span className="rounded-2xl rounded-tl-sm bg-white px-4 py-2 text-slate-500 shadow-sm ring-1 ring-slate-200">…</span>
            </li>
          )}
        </ol>
      </div>
    </section>
  );
}
