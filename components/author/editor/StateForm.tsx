'use client';

import { memo, useState } from 'react';
import { MAX_CHOICES, OUTCOMES, TIME_LIMIT_MAX_SECONDS, TIME_LIMIT_MIN_SECONDS, TIMEOUT_EVENT } from '@/machines/format';
import { formatPath, type PathSegment } from '@/machines/json-path';
import { OUTCOME_LABELS } from '@/lib/labels';
import { useConfirmFocus } from '@/components/ui/use-confirm-focus';
import {
  addAlternative,
  addBranch,
  addChoice,
  alternativesOf,
  choiceKeys,
  deleteChoice,
  deleteState,
  editAlternative,
  editBranch,
  freeName,
  kindOf,
  moveBranch,
  moveChoice,
  referencesTo,
  removeAlternative,
  removeBranch,
  renameChoice,
  renameState,
  sayList,
  replyText,
  setChoiceWords,
  setFixedOrder,
  setSay,
  setStateKind,
  setStateMeta,
  setTimeLimit,
  STATE_KIND_LABELS,
  stateNames,
  statesOf,
  text,
  type DraftDocument,
  type DraftTransition,
  type StateKind,
} from './draft-edits';
import { CheckboxField, dangerSmallButton, hintStyle, NameField, nameProblem, NumberField, SelectField, smallButton, TextArea } from './fields';
import { CriticalField, ReplyFields } from './ReplyFields';
import { EffectFields, FeedbackField, GuardFields, TargetField, type TargetOption } from './TransitionFields';

export interface EditProps {
  doc: DraftDocument;
  /**
   * Applies an edit: the edited document, or better a function that edits the current one (a form
   * section that skipped re-rendering holds an older `doc`). `key` groups typing in one field into
   * one undo step.
   */
  onEdit: (doc: DraftDocument | ((current: DraftDocument) => DraftDocument), key: string, select?: string | null) => void;
  /** Says something to screen reader users (a moved choice, a deleted state). */
  announce: (message: string) => void;
}

const box = 'rounded-md border border-slate-200 bg-slate-50 p-3';

/** The form for one state: its kind, name, the customer's words and everything that follows them. */
export function StateForm({
  doc,
  onEdit,
  announce,
  name,
  principles,
  targets,
}: EditProps & {
  name: string;
  principles: string[];
  /** Every state, as a transition's target; the same list while no state is added, removed, renamed or changes kind. */
  targets: TargetOption[];
}) {
  const state = statesOf(doc)[name];
  const kind = kindOf(state);
  const names = stateNames(doc);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [pendingKind, setPendingKind] = useState<StateKind | null>(null);
  const { confirmButton, startButton } = useConfirmFocus(confirmingDelete);
  if (!state) return null;
  const base: PathSegment[] = ['states', name];
  const references = referencesTo(doc, name);

  const changeKind = (next: StateKind) => {
    const losesWork =
      ((kind === 'decision' || kind === 'timed') && !(next === 'decision' || next === 'timed') && choiceKeys(state).length > 0) ||
      (kind === 'junction' && (state.always?.length ?? 0) > 1);
    if (losesWork) setPendingKind(next);
    else onEdit((d) => setStateKind(d, name, next), `kind:${name}`);
  };

  return (
    <section aria-labelledby="state-form-heading" className="grid gap-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="state-form-heading" className="text-lg font-semibold">
          State <span className="font-mono">{name}</span>
          <span className="ml-2 text-sm font-normal text-slate-700">
            {STATE_KIND_LABELS[kind]}
            {doc.initial === name ? ' · the start' : ''}
          </span>
        </h2>
        {!confirmingDelete && (
          <button ref={startButton} type="button" className={dangerSmallButton} onClick={() => setConfirmingDelete(true)}>
            Delete state
          </button>
        )}
      </div>
      {confirmingDelete && (
        <div role="group" aria-labelledby="delete-state-question" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-950">
          <p id="delete-state-question" className="font-semibold">
            Delete the state “{name}”?
          </p>
          {references.length ? (
            <>
              <p className="mt-1">These point at it and will need a new target:</p>
              <ul className="mt-1 list-disc pl-5">
                {references.map((r) => (
                  <li key={`${r.state}-${r.choice}-${r.index}`}>{r.label}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="mt-1">Nothing points at it.</p>
          )}
          <div className="mt-2 flex gap-2">
            <button
              ref={confirmButton}
              type="button"
              className={dangerSmallButton}
              onClick={() => {
                onEdit((d) => deleteState(d, name), `delete:${name}`, null);
                announce(`State ${name} deleted.`);
              }}
            >
              Delete “{name}”
            </button>
            <button type="button" className={smallButton} onClick={() => setConfirmingDelete(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}

      <div className="grid gap-3 sm:grid-cols-2">
        <NameField
          label="State name"
          path={formatPath(base)}
          value={name}
          problem={(next) => nameProblem(next, names.filter((n) => n !== name), 'state')}
          onRename={(next) => {
            onEdit((d) => renameState(d, name, next), `rename:${name}`, next);
            announce(`State renamed to ${next}; every choice that led to ${name} now leads to ${next}.`);
          }}
        />
        <SelectField
          label="Kind"
          path={formatPath(base)}
          value={kind}
          onChange={(value) => changeKind(value as StateKind)}
          options={Object.entries(STATE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </div>
      {pendingKind && (
        <div role="group" aria-label="Confirm changing the kind" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p>
            As a {STATE_KIND_LABELS[pendingKind].toLowerCase()}, this state loses its {kind === 'junction' ? 'branches' : 'choices'}. Change it anyway?
            (Undo brings them back.)
          </p>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              className={smallButton}
              onClick={() => {
                onEdit((d) => setStateKind(d, name, pendingKind), `kind:${name}`);
                setPendingKind(null);
              }}
            >
              Make it a {STATE_KIND_LABELS[pendingKind].toLowerCase()}
            </button>
            <button type="button" className={smallButton} onClick={() => setPendingKind(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}

      {(kind === 'decision' || kind === 'timed') && <DecisionFields doc={doc} onEdit={onEdit} announce={announce} name={name} principles={principles} targets={targets} />}
      {kind === 'junction' && <JunctionFields doc={doc} onEdit={onEdit} announce={announce} name={name} targets={targets} />}
      {kind === 'ending' && <EndingFields doc={doc} onEdit={onEdit} announce={announce} name={name} />}
    </section>
  );
}

/** The customer's line or lines, said in order. */
function SayLines({ doc, onEdit, announce, name, optional }: EditProps & { name: string; optional: boolean }) {
  const state = statesOf(doc)[name]!;
  const lines = sayList(state.meta?.say);
  const shown = lines.length === 0 && !optional ? [''] : lines;
  const several = Array.isArray(state.meta?.say);
  const path = (i: number): PathSegment[] => (several ? ['states', name, 'meta', 'say', i] : ['states', name, 'meta', 'say']);
  const write = (next: string[]) => onEdit((d) => setSay(d, name, next), `say:${name}:${next.length}`);
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-semibold text-slate-900">Customer {shown.length > 1 ? 'lines' : 'line'}</legend>
      {optional && shown.length === 0 && <p className={hintStyle}>An ending may close with a last line from the customer.</p>}
      {shown.map((line, i) => (
        <div key={i} className="grid gap-1">
          <TextArea
            label={shown.length > 1 ? `Line ${i + 1}` : 'What the customer says'}
            path={formatPath(path(i))}
            value={line}
            onChange={(value) => write(shown.map((l, j) => (j === i ? value : l)))}
          />
          {shown.length > 1 && (
            <div className="flex flex-wrap gap-1">
              <button
                type="button"
                className={smallButton}
                disabled={i === 0}
                onClick={() => {
                  const next = [...shown];
                  [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
                  write(next);
                  announce(`Line ${i + 1} moved up to line ${i}.`);
                }}
              >
                Move line {i + 1} up
              </button>
              <button
                type="button"
                className={smallButton}
                disabled={i === shown.length - 1}
                onClick={() => {
                  const next = [...shown];
                  [next[i + 1], next[i]] = [next[i]!, next[i + 1]!];
                  write(next);
                  announce(`Line ${i + 1} moved down to line ${i + 2}.`);
                }}
              >
                Move line {i + 1} down
              </button>
              <button
                type="button"
                className={dangerSmallButton}
                onClick={() => {
                  write(shown.filter((_, j) => j !== i));
                  announce(`Line ${i + 1} removed.`);
                }}
              >
                Remove line {i + 1}
              </button>
            </div>
          )}
        </div>
      ))}
      <div className="flex gap-2">
        <button
          type="button"
          className={smallButton}
          onClick={() => {
            write([...shown, '']);
            announce(`Line ${shown.length + 1} added.`);
          }}
        >
          Add a line
        </button>
        {optional && shown.length === 1 && (
          <button type="button" className={dangerSmallButton} onClick={() => write([])}>
            Remove the line
          </button>
        )}
      </div>
    </fieldset>
  );
}

function DecisionFields({ doc, onEdit, announce, name, principles, targets }: EditProps & { name: string; principles: string[]; targets: TargetOption[] }) {
  const state = statesOf(doc)[name]!;
  const keys = choiceKeys(state);
  const limit = state.meta?.timeLimitSeconds;
  const timeout = state.on?.[TIMEOUT_EVENT];
  const fixedOrder = state.meta?.fixedOrder === true;
  return (
    <>
      <SayLines doc={doc} onEdit={onEdit} announce={announce} name={name} optional={false} />
      <TextArea
        label="Narration (optional)"
        path={formatPath(['states', name, 'meta', 'narration'])}
        value={text(state.meta?.narration)}
        hint="What the trainee sees or knows at this point, shown in italics."
        onChange={(value) => onEdit((d) => setStateMeta(d, name, 'narration', value), `narration:${name}`)}
      />
      <NumberField
        label="Time limit in seconds (optional)"
        path={formatPath(['states', name, 'meta', 'timeLimitSeconds'])}
        value={typeof limit === 'number' ? limit : undefined}
        min={TIME_LIMIT_MIN_SECONDS}
        max={TIME_LIMIT_MAX_SECONDS}
        hint={`${TIME_LIMIT_MIN_SECONDS}–${TIME_LIMIT_MAX_SECONDS} seconds. A time limit adds “When time runs out” below; empty removes both.`}
        className="max-w-xs"
        onChange={(value) => onEdit((d) => setTimeLimit(d, name, value), `limit:${name}`)}
      />
      <CheckboxField
        label="Show replies in the order written"
        path={formatPath(['states', name, 'meta', 'fixedOrder'])}
        checked={fixedOrder}
        hint={
          <>
            Otherwise each trainee sees the replies in their own shuffled order, so where the right reply stands teaches nothing and a retaker cannot pass
            by remembering positions. Keep the written order only where the order itself is part of the scenario. In the file:{' '}
            <code className="font-mono">meta.fixedOrder</code>.
          </>
        }
        onChange={(checked) => {
          onEdit((d) => setFixedOrder(d, name, checked), `fixed-order:${name}`);
          announce(checked ? 'Replies are shown in the order written.' : 'Each trainee sees the replies in a shuffled order.');
        }}
      />

      <section aria-labelledby="choices-editor-heading" className="grid gap-3">
        <h3 id="choices-editor-heading" className="text-base font-semibold">
          Choices{' '}
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
              announce(`Choice ${keys.length + 1} added, named ${key}.`);
            }}
          >
            Add a choice
          </button>
          {keys.length >= MAX_CHOICES && <p className={hintStyle}>A decision offers at most {MAX_CHOICES} choices.</p>}
        </div>
      </section>

      {timeout !== undefined && (
        <section aria-labelledby="timeout-heading" className={box}>
          <h3 id="timeout-heading" className="text-base font-semibold">
            When time runs out
          </h3>
          <p className={hintStyle}>Silence is scored like a choice: say where it leads, what it costs and why.</p>
          <div className="mt-2">
            <CriticalField doc={doc} onEdit={onEdit} name={name} choice={TIMEOUT_EVENT} />
          </div>
          <Alternatives doc={doc} onEdit={onEdit} announce={announce} name={name} choice={TIMEOUT_EVENT} principles={principles} targets={targets} />
        </section>
      )}
    </>
  );
}

type ChoiceProps = EditProps & { name: string; choice: string; principles: string[]; targets: TargetOption[] };

/**
 * Props equal but for `doc`, and in both documents the same transition for the choice and the same
 * choice keys: what a choice's section shows is then unchanged, so typing elsewhere in the state
 * (its customer line, another choice) does not re-render it. Its edits apply to the current draft.
 */
function sameChoice<P extends ChoiceProps>(before: P, after: P): boolean {
  for (const key of Object.keys(after) as (keyof P)[]) if (key !== 'doc' && before[key] !== after[key]) return false;
  const onOf = (props: P) => statesOf(props.doc)[props.name]?.on;
  const [was, now] = [onOf(before), onOf(after)];
  return (
    JSON.stringify(was?.[before.choice]) === JSON.stringify(now?.[after.choice]) &&
    JSON.stringify(Object.keys(was ?? {})) === JSON.stringify(Object.keys(now ?? {}))
  );
}

const ChoiceEditor = memo(function ChoiceEditor({
  doc,
  onEdit,
  announce,
  name,
  choice,
  index,
  count,
  principles,
  targets,
}: ChoiceProps & { index: number; count: number }) {
  const state = statesOf(doc)[name]!;
  const value = state.on?.[choice];
  const list = alternativesOf(value);
  const [confirming, setConfirming] = useState(false);
  const { confirmButton, startButton } = useConfirmFocus(confirming);
  const wordsPath: PathSegment[] = Array.isArray(value) ? ['states', name, 'on', choice, 0, 'meta', 'choice'] : ['states', name, 'on', choice, 'meta', 'choice'];
  const legendId = `choice-${name}-${choice}-legend`;
  const move = (delta: number) => {
    onEdit((d) => moveChoice(d, name, choice, delta), `move-choice:${name}`);
    announce(`Choice “${choice}” moved ${delta < 0 ? 'up' : 'down'}; it is now choice ${index + 1 + delta} of ${count}.`);
  };
  return (
    <fieldset aria-labelledby={legendId} className={`${box} grid gap-3`} data-choice={choice}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={legendId} className="text-sm font-semibold">
          Choice {index + 1}: <span className="font-mono">{choice}</span>
          {/* A real space, not only a margin: the heading names the choice's group for screen readers. */}
          {replyText(value, 'critical').trim() !== '' && <span className="ml-1 font-normal text-rose-900"> (critical error)</span>}
        </h4>
        <div className="flex flex-wrap gap-1">
          <button type="button" className={smallButton} disabled={index === 0} onClick={() => move(-1)} aria-label={`Move choice ${choice} up`}>
            ↑ Up
          </button>
          <button type="button" className={smallButton} disabled={index === count - 1} onClick={() => move(1)} aria-label={`Move choice ${choice} down`}>
            ↓ Down
          </button>
          {!confirming ? (
            <button ref={startButton} type="button" className={dangerSmallButton} onClick={() => setConfirming(true)} aria-label={`Delete choice ${choice}`}>
              Delete
            </button>
          ) : (
            <span role="group" aria-label={`Confirm deleting choice ${choice}`} className="flex gap-1">
              <button
                ref={confirmButton}
                type="button"
                className={dangerSmallButton}
                onClick={() => {
                  onEdit((d) => deleteChoice(d, name, choice), `delete-choice:${name}`);
                  announce(`Choice “${choice}” deleted.`);
                }}
              >
                Delete “{choice}”
              </button>
              <button type="button" className={smallButton} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          )}
        </div>
      </div>
      <TextArea
        label="Words the trainee says"
        path={formatPath(wordsPath)}
        value={text(list[0]?.meta?.choice)}
        onChange={(words) => onEdit((d) => setChoiceWords(d, name, choice, words), `words:${name}:${choice}`)}
      />
      <NameField
        label="Choice key"
        path={formatPath(['states', name, 'on', choice])}
        value={choice}
        problem={(next) => nameProblem(next, Object.keys(state.on ?? {}).filter((k) => k !== choice), 'choice')}
        onRename={(next) => {
          onEdit((d) => renameChoice(d, name, choice, next), `rename-choice:${name}`);
          announce(`Choice renamed to ${next}.`);
        }}
      />
      <ReplyFields doc={doc} onEdit={onEdit} announce={announce} name={name} choice={choice} />
      <Alternatives doc={doc} onEdit={onEdit} announce={announce} name={name} choice={choice} principles={principles} targets={targets} />
    </fieldset>
  );
}, sameChoice);

/** A choice's (or the time-out's) transition, or its guarded alternatives tried in order. */
const Alternatives = memo(function Alternatives({
  doc,
  onEdit,
  announce,
  name,
  choice,
  principles,
  targets,
}: ChoiceProps) {
  const value = statesOf(doc)[name]!.on?.[choice];
  const list = alternativesOf(value);
  const several = list.length > 1;
  const what = choice === TIMEOUT_EVENT ? 'the time-out' : `choice ${choice}`;
  return (
    <div className="grid gap-3">
      {list.map((transition, i) => {
        const path: PathSegment[] = Array.isArray(value) ? ['states', name, 'on', choice, i] : ['states', name, 'on', choice];
        const change = (edit: (t: DraftTransition) => void) => onEdit((d) => editAlternative(d, name, choice, i, edit), `alt:${formatPath(path)}`);
        const body = (
          <>
            {several && <GuardFields transition={transition} path={path} onChange={change} noneLabel={i === list.length - 1 ? 'Otherwise (no condition)' : 'Always (no condition)'} />}
            <TargetField transition={transition} path={path} targets={targets} onChange={change} />
            <EffectFields transition={transition} path={path} principles={principles} onChange={change} />
            <FeedbackField transition={transition} path={path} onChange={change} />
          </>
        );
        return several ? (
          <fieldset key={i} className="grid gap-2 rounded-md border border-slate-300 bg-white p-3">
            <legend className="px-1 text-sm font-semibold">
              {i === list.length - 1 ? 'Otherwise' : `Alternative ${i + 1}`} of {what}
            </legend>
            {body}
            <div>
              <button
                type="button"
                className={dangerSmallButton}
                onClick={() => {
                  onEdit((d) => removeAlternative(d, name, choice, i), `remove-alt:${name}:${choice}`);
                  announce(`Alternative ${i + 1} removed.`);
                }}
              >
                Remove alternative {i + 1}
              </button>
            </div>
          </fieldset>
        ) : (
          <div key={i} className="grid gap-3">
            {body}
          </div>
        );
      })}
      <div>
        <button
          type="button"
          className={smallButton}
          onClick={() => {
            onEdit((d) => addAlternative(d, name, choice), `add-alt:${name}:${choice}`);
            announce(`A guarded alternative was added first to ${what}: it is used when its condition holds, otherwise the next one.`);
          }}
        >
          Add a guarded alternative
        </button>
        <p className={hintStyle}>Alternatives are tried in order; the first whose condition holds is used. The last has no condition.</p>
      </div>
    </div>
  );
}, sameChoice);

function JunctionFields({ doc, onEdit, announce, name, targets }: EditProps & { name: string; targets: TargetOption[] }) {
  const state = statesOf(doc)[name]!;
  const branches = Array.isArray(state.always) ? state.always : [];
  return (
    <section aria-labelledby="branches-heading" className="grid gap-3">
      <h3 id="branches-heading" className="text-base font-semibold">
        Branches
      </h3>
      <p className={hintStyle}>
        A junction says nothing: it sends the conversation on by the customer&rsquo;s mood or what was remembered. Branches are tried in order; the
        last has no condition and catches everything else.
      </p>
      {branches.map((branch, i) => {
        const path: PathSegment[] = ['states', name, 'always', i];
        const change = (edit: (t: DraftTransition) => void) => onEdit((d) => editBranch(d, name, i, edit), `branch:${name}:${i}`);
        const last = i === branches.length - 1;
        return (
          <fieldset key={i} className={`${box} grid gap-2`}>
            <legend className="px-1 text-sm font-semibold">{last ? `Branch ${i + 1} (otherwise)` : `Branch ${i + 1}`}</legend>
            <GuardFields transition={branch} path={path} onChange={change} noneLabel={last ? 'Otherwise (no condition)' : 'Always (no condition)'} />
            <TargetField transition={branch} path={path} targets={targets} onChange={change} />
            <div className="flex flex-wrap gap-1">
              <button
                type="button"
                className={smallButton}
                disabled={i === 0}
                onClick={() => {
                  onEdit((d) => moveBranch(d, name, i, -1), `move-branch:${name}`);
                  announce(`Branch ${i + 1} moved up to ${i}.`);
                }}
              >
                Move branch {i + 1} up
              </button>
              <button
                type="button"
                className={smallButton}
                disabled={last}
                onClick={() => {
                  onEdit((d) => moveBranch(d, name, i, 1), `move-branch:${name}`);
                  announce(`Branch ${i + 1} moved down to ${i + 2}.`);
                }}
              >
                Move branch {i + 1} down
              </button>
              <button
                type="button"
                className={dangerSmallButton}
                disabled={branches.length <= 1}
                onClick={() => {
                  onEdit((d) => removeBranch(d, name, i), `remove-branch:${name}`);
                  announce(`Branch ${i + 1} removed.`);
                }}
              >
                Remove branch {i + 1}
              </button>
            </div>
          </fieldset>
        );
      })}
      <div>
        <button
          type="button"
          className={smallButton}
          onClick={() => {
            onEdit((d) => addBranch(d, name), `add-branch:${name}`);
            announce('A branch was added before the last one.');
          }}
        >
          Add a branch
        </button>
      </div>
    </section>
  );
}

function EndingFields({ doc, onEdit, announce, name }: EditProps & { name: string }) {
  const state = statesOf(doc)[name]!;
  return (
    <>
      <SelectField
        label="Outcome"
        path={formatPath(['states', name, 'meta', 'outcome'])}
        value={text(state.meta?.outcome)}
        className="max-w-xs"
        options={OUTCOMES.map((o) => ({ value: o, label: `${OUTCOME_LABELS[o]} (${o})` }))}
        onChange={(value) => onEdit((d) => setStateMeta(d, name, 'outcome', value), `outcome:${name}`)}
      />
      <TextArea
        label="Summary"
        path={formatPath(['states', name, 'meta', 'summary'])}
        value={text(state.meta?.summary)}
        hint="How it ended, shown to the trainee when the conversation is over."
        onChange={(value) => onEdit((d) => setStateMeta(d, name, 'summary', value), `summary:${name}`)}
      />
      <SayLines doc={doc} onEdit={onEdit} announce={announce} name={name} optional />
    </>
  );
}
