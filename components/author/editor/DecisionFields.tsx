'use client';

import { useState } from 'react';
import { MAX_CHOICES, TIME_LIMIT_MAX_SECONDS, TIME_LIMIT_MIN_SECONDS, TIMEOUT_EVENT } from '@/machines/format';
import { formatPath } from '@/machines/json-path';
import { ChoiceEditor, NoReplyInTime } from './ChoiceEditor';
import { CustomerLines } from './CustomerLines';
import { addChoice, choiceKeys, freeName, setFixedOrder, setStateMeta, setTimeLimit, statesOf, text } from './draft-edits';
import type { EditProps } from './edit-props';
import { CheckboxField, hintStyle, InFile, NumberField, smallButton, TextArea } from './fields';
import type { TargetOption } from './TransitionFields';

/** A decision (timed or not): the customer's words, narration, time limit, the replies and what happens with no reply in time. */
export function DecisionFields({ doc, onEdit, announce, name, principles, targets }: EditProps & { name: string; principles: string[]; targets: TargetOption[] }) {
  const state = statesOf(doc)[name]!;
  const keys = choiceKeys(state);
  const limit = state.meta?.timeLimitSeconds;
  const timeout = state.on?.[TIMEOUT_EVENT];
  const fixedOrder = state.meta?.fixedOrder === true;
  // The reply just added opens, to be written; the others stay one line each until opened.
  const [added, setAdded] = useState<string | null>(null);
  return (
    <>
      <CustomerLines doc={doc} onEdit={onEdit} announce={announce} name={name} optional={false} />
      <TextArea
        label="Narration (optional)"
        path={formatPath(['states', name, 'meta', 'narration'])}
        value={text(state.meta?.narration)}
        hint={
          <>
            What the trainee sees or knows at this point, shown in italics.
            <InFile code="meta.narration" />
          </>
        }
        onChange={(value) => onEdit((d) => setStateMeta(d, name, 'narration', value), `narration:${name}`)}
      />
      <NumberField
        label="Time limit in seconds (optional)"
        path={formatPath(['states', name, 'meta', 'timeLimitSeconds'])}
        value={typeof limit === 'number' ? limit : undefined}
        min={TIME_LIMIT_MIN_SECONDS}
        max={TIME_LIMIT_MAX_SECONDS}
        hint={
          <>
            {TIME_LIMIT_MIN_SECONDS}–{TIME_LIMIT_MAX_SECONDS} seconds. A time limit adds “No reply in time” below; empty removes both.
            <InFile>
              <code className="font-mono">meta.timeLimitSeconds</code>, and <code className="font-mono">TIMEOUT</code> for no reply in time
            </InFile>
          </>
        }
        className="max-w-xs"
        onChange={(value) => onEdit((d) => setTimeLimit(d, name, value), `limit:${name}`)}
      />
      <CheckboxField
        label="Show replies in the order written"
        path={formatPath(['states', name, 'meta', 'fixedOrder'])}
        checked={fixedOrder}
        hint={
          <>
            Otherwise each trainee sees the replies in their own shuffled order, so where the right reply stands teaches nothing and a retaker cannot pass by remembering positions.
            Keep the written order only where the order itself is part of the scenario.
            <InFile code="meta.fixedOrder" />
          </>
        }
        onChange={(checked) => {
          onEdit((d) => setFixedOrder(d, name, checked), `fixed-order:${name}`);
          announce(checked ? 'Replies are shown in the order written.' : 'Each trainee sees the replies in a shuffled order.');
        }}
      />

      <section aria-labelledby="choices-editor-heading" className="grid gap-3">
        <h3 id="choices-editor-heading" className="text-base font-semibold">
          Replies{' '}
          <span className="text-sm font-normal text-slate-700">
            ({keys.length} of at most {MAX_CHOICES}, {fixedOrder ? 'shown in this order' : 'shown to each trainee in a shuffled order'})
          </span>
        </h3>
        {keys.map((key, index) => (
          <ChoiceEditor
            key={key}
            doc={doc}
            onEdit={onEdit}
            announce={announce}
            name={name}
            choice={key}
            index={index}
            count={keys.length}
            principles={principles}
            targets={targets}
            startOpen={key === added}
          />
        ))}
        <div>
          <button
            type="button"
            className={smallButton}
            disabled={keys.length >= MAX_CHOICES}
            onClick={() => {
              const key = freeName(Object.keys(state.on ?? {}), `choice-${keys.length + 1}`);
              onEdit((d) => addChoice(d, name, key), `add-choice:${name}`);
              setAdded(key);
              announce(`Reply ${keys.length + 1} added and opened.`);
            }}
          >
            Add a reply
          </button>
          {keys.length >= MAX_CHOICES && <p className={hintStyle}>A decision offers at most {MAX_CHOICES} replies.</p>}
        </div>
      </section>

      {timeout !== undefined && <NoReplyInTime doc={doc} onEdit={onEdit} announce={announce} name={name} principles={principles} targets={targets} />}
    </>
  );
}
