'use client';

import { useEffect, useRef } from 'react';
import { CRITICAL_MAX_CHARS, INTENT_MAX_CHARS, MAX_EXAMPLES, TIMEOUT_EVENT } from '@/machines/format';
import { formatPath, type PathSegment } from '@/machines/json-path';
import { editExamples, examplesOf, replyText, setReplyText, statesOf } from './draft-edits';
import { hintStyle, InFile, labelStyle, smallButton, TextArea, TextField } from './fields';
import { ListItemButtons } from './ListItemButtons';
import type { EditProps } from './edit-props';

const EXAMPLE_MAX_CHARS = 400;

/** Where a reply's own fields live: in its only transition, or in the first of its alternatives (the others repeat them). */
function replyMetaPath(value: unknown, name: string, key: string): PathSegment[] {
  return Array.isArray(value) ? ['states', name, 'on', key, 0, 'meta'] : ['states', name, 'on', key, 'meta'];
}

/**
 * What belongs to the reply itself rather than to what follows it: whether taking it is a critical
 * error, what it does, and other ways a trainee might say it. The format wants these the same in
 * every alternative of a guarded reply, so they are edited once here and written to each.
 */
export function ReplyFields({ doc, onEdit, announce, name, choice }: EditProps & { name: string; choice: string }) {
  const value = statesOf(doc)[name]?.on?.[choice];
  const meta = replyMetaPath(value, name, choice);
  const guarded = Array.isArray(value) && value.length > 1;
  return (
    <div className="grid gap-3 rounded-md border border-slate-200 bg-white p-3">
      {guarded && <p className={hintStyle}>These belong to the reply, whatever follows it: they are the same in every outcome below, so they are edited here once.</p>}
      <CriticalField doc={doc} onEdit={onEdit} name={name} choice={choice} path={[...meta, 'critical']} />
      <TextField
        label="What this reply does (optional)"
        path={formatPath([...meta, 'intent'])}
        value={replyText(value, 'intent')}
        hint={
          <>
            A few words for trainers, e.g. “apologises and owns the delay”. Trainees never see it. Up to {INTENT_MAX_CHARS} characters.
            <InFile code="meta.intent" />
          </>
        }
        onChange={(text) => onEdit((d) => setReplyText(d, name, choice, 'intent', text), `intent:${name}:${choice}`)}
      />
      <ExamplesField doc={doc} onEdit={onEdit} announce={announce} name={name} choice={choice} path={[...meta, 'examples']} />
    </div>
  );
}

/** Whether taking a reply, or not replying in time, fails the attempt whatever the score, and why. */
export function CriticalField({ doc, onEdit, name, choice, path }: Omit<EditProps, 'announce'> & { name: string; choice: string; path?: PathSegment[] }) {
  const value = statesOf(doc)[name]?.on?.[choice];
  const where = path ?? [...replyMetaPath(value, name, choice), 'critical'];
  const timeout = choice === TIMEOUT_EVENT;
  const reason = replyText(value, 'critical');
  return (
    <div>
      <TextArea
        label={timeout ? 'Critical error: why not replying in time fails the attempt (optional)' : 'Critical error: why taking this reply fails the attempt (optional)'}
        path={formatPath(where)}
        value={reason}
        hint={
          <>
            Leave empty unless {timeout ? 'saying nothing' : 'this reply'} must fail the attempt whatever the score, e.g. a promise the company cannot keep. The trainee reads the
            reason in the feedback and the debrief. Up to {CRITICAL_MAX_CHARS} characters.
            <InFile code="meta.critical" />
          </>
        }
        onChange={(text) => onEdit((d) => setReplyText(d, name, choice, 'critical', text), `critical:${name}:${choice}`)}
      />
      <p className="mt-1 text-xs font-semibold text-slate-800">
        {reason.trim() ? (
          <span className="inline-flex items-center gap-1 rounded border border-rose-400 bg-rose-50 px-1.5 py-0.5 text-rose-900">
            <span aria-hidden="true">⚠</span> A critical error: {timeout ? 'not replying in time' : 'taking it'} fails the attempt.
          </span>
        ) : (
          <span className="font-normal text-slate-700">Not a critical error.</span>
        )}
      </p>
    </div>
  );
}

/**
 * A list of other phrasings: add, edit, move and remove, each by keyboard. After a button moves or
 * removes an example, focus goes to where the author's attention is (the moved example's same
 * button, or the next field), not back to the top of the page.
 */
function ExamplesField({ doc, onEdit, announce, name, choice, path }: EditProps & { name: string; choice: string; path: PathSegment[] }) {
  const examples = examplesOf(statesOf(doc)[name]?.on?.[choice]);
  const root = useRef<HTMLFieldSetElement>(null);
  const pendingFocus = useRef<string[] | null>(null);
  const legendId = `examples-${name}-${choice}`;
  const edit = (change: (list: string[]) => string[], key: string) => onEdit((d) => editExamples(d, name, choice, change), `examples:${name}:${choice}:${key}`);

  useEffect(() => {
    const selectors = pendingFocus.current;
    if (!selectors || !root.current) return;
    pendingFocus.current = null;
    // The first that can take focus: a move button is disabled once its example reaches the end.
    for (const selector of selectors) {
      const target = root.current.querySelector<HTMLElement>(selector);
      if (target && !(target as HTMLButtonElement).disabled) {
        target.focus();
        return;
      }
    }
  });

  const focusLater = (...selectors: string[]) => {
    pendingFocus.current = selectors;
  };
  const fieldAt = (index: number) => `[data-path="${CSS.escape(formatPath([...path, index]))}"]`;

  const move = (index: number, delta: number) => {
    const to = index + delta;
    edit((list) => {
      if (to < 0 || to >= list.length) return list;
      const next = [...list];
      [next[index], next[to]] = [next[to]!, next[index]!];
      return next;
    }, 'move');
    focusLater(`[data-list-control="${delta < 0 ? 'up' : 'down'}-${to}"]`, `[data-list-control="${delta < 0 ? 'down' : 'up'}-${to}"]`, fieldAt(to));
    announce(`Example ${index + 1} moved ${delta < 0 ? 'up' : 'down'}; it is now example ${to + 1} of ${examples.length}.`);
  };

  return (
    <fieldset ref={root} aria-labelledby={legendId} data-path={formatPath(path)} className="grid gap-2">
      <legend id={legendId} className={labelStyle}>
        Other ways a trainee might say it (optional)
      </legend>
      <p className={hintStyle}>
        The same reply in other words, as trainees might put it: for trainers, and for matching a trainee&rsquo;s own words later. Trainees never see them. Up to {MAX_EXAMPLES},
        each up to {EXAMPLE_MAX_CHARS} characters.
        <InFile code="meta.examples" />
      </p>
      {examples.length > 0 && (
        <ol className="grid gap-2">
          {examples.map((example, i) => (
            <li key={i} className="grid gap-1">
              <TextArea
                label={`Example ${i + 1}`}
                path={formatPath([...path, i])}
                value={example}
                rows={1}
                onChange={(text) => edit((list) => list.map((x, j) => (j === i ? text : x)), `text:${i}`)}
              />
              <ListItemButtons
                noun="example"
                index={i}
                count={examples.length}
                onMove={(delta) => move(i, delta)}
                onRemove={() => {
                  edit((list) => list.filter((_, j) => j !== i), 'remove');
                  focusLater(examples.length > 1 ? fieldAt(Math.min(i, examples.length - 2)) : '[data-list-control="add"]');
                  announce(`Example ${i + 1} removed; ${examples.length - 1} left.`);
                }}
              />
            </li>
          ))}
        </ol>
      )}
      <div>
        <button
          type="button"
          className={smallButton}
          disabled={examples.length >= MAX_EXAMPLES}
          data-list-control="add"
          onClick={() => {
            edit((list) => [...list, ''], 'add');
            focusLater(fieldAt(examples.length));
            announce(`Example ${examples.length + 1} added.`);
          }}
        >
          Add an example
        </button>
        {examples.length >= MAX_EXAMPLES && <p className={hintStyle}>A reply has at most {MAX_EXAMPLES} examples.</p>}
      </div>
    </fieldset>
  );
}
