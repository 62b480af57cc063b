import { memo } from 'react';
import type { ChoiceFeedback } from '@/server/attempts';
import { FeedbackNote } from './FeedbackNote';

/** One turn of the conversation as shown: what the customer (and the narration) said, or what the trainee said. */
export type ConversationEntry =
  | { kind: 'customer'; key: string; narration: string | null; say: string[] }
  /** `words` is null when time ran out; `saving` while the server has not yet acknowledged it. */
  | { kind: 'trainee'; key: string; words: string | null; saving: boolean; feedback: ChoiceFeedback | null };

function CustomerTurn({ name, narration, say }: { name: string; narration: string | null; say: string[] }) {
  return (
    <>
      {narration && (
        <li className="mx-auto max-w-prose text-center text-sm italic text-slate-700">
          <span className="sr-only">Narration: </span>
          {narration}
        </li>
      )}
      {say.map((line, i) => (
        <li key={i} className="flex items-start gap-3">
          <span aria-hidden="true" className="mt-1 flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-800">
            {name.charAt(0)}
          </span>
          <p className="max-w-[85%] rounded-2xl rounded-tl-sm bg-white px-4 py-2 text-slate-900 shadow-sm ring-1 ring-slate-200">
            <span className="sr-only">{name}: </span>
            {line}
          </p>
        </li>
      ))}
    </>
  );
}

function TraineeTurn({ words, saving, feedback }: { words: string | null; saving: boolean; feedback: ChoiceFeedback | null }) {
  return (
    <li className="flex flex-col items-end gap-1">
      {words === null ? (
        <p className="max-w-[85%] rounded-2xl rounded-tr-sm border border-dashed border-slate-400 px-4 py-2 italic text-slate-700">
          <span className="sr-only">You: </span>(You didn&apos;t reply in time.)
        </p>
      ) : (
        <p className="max-w-[85%] rounded-2xl rounded-tr-sm bg-brand-800 px-4 py-2 text-white shadow-sm">
          <span className="sr-only">You: </span>
          {words}
        </p>
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

const sameTurn = (a: ConversationEntry, b: ConversationEntry): boolean => {
  if (a.kind === 'customer') return b.kind === 'customer' && a.narration === b.narration && a.say.join('\n') === b.say.join('\n');
  return b.kind === 'trainee' && a.words === b.words && a.saving === b.saving && a.feedback === b.feedback;
};

/**
 * One turn, rendered again only when what it shows changes: as the conversation grows, each reply
 * renders the turns it adds, not the whole conversation again.
 */
const Turn = memo(
  function Turn({ name, entry }: { name: string; entry: ConversationEntry }) {
    return entry.kind === 'customer' ? (
      <CustomerTurn name={name} narration={entry.narration} say={entry.say} />
    ) : (
      <TraineeTurn words={entry.words} saving={entry.saving} feedback={entry.feedback} />
    );
  },
  (before, after) => before.name === after.name && sameTurn(before.entry, after.entry),
);

/**
 * The conversation so far, announced line by line as it grows. `waiting` shows that the customer
 * is about to answer (an assessment waits for the server to say what comes next).
 */
export function Conversation({ name, entries, waiting = false }: { name: string; entries: ConversationEntry[]; waiting?: boolean }) {
  return (
    <section aria-labelledby="conversation-heading" className="mt-4">
      <h2 id="conversation-heading" className="sr-only">
        Conversation
      </h2>
      {/* The live region wraps the list, so the list keeps its list semantics. */}
      <div role="log" aria-live="polite" aria-relevant="additions" className="rounded-lg bg-slate-100 p-4">
        <ol className="space-y-3">
          {entries.map((entry) => (
            <Turn key={entry.key} name={name} entry={entry} />
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
