'use client';

import { useState } from 'react';
import { formatPath, type PathSegment } from '@/machines/json-path';
import { choiceKeys, kindOf, renameState, setStateKind, STATE_KIND_LABELS, STATE_KIND_WITH_ARTICLE, stateNames, statesOf, type StateKind } from './draft-edits';
import { DecisionFields } from './DecisionFields';
import type { EditProps } from './edit-props';
import { EndingFields } from './EndingFields';
import { InFile, NameField, nameProblem, SelectField, smallButton } from './fields';
import { JunctionFields } from './JunctionFields';
import { StateHeading } from './StateHeading';
import type { TargetOption } from './TransitionFields';

/** The form for one step (a state, in the file): its kind, name, the customer's words and everything that follows them. */
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
  const [pendingKind, setPendingKind] = useState<StateKind | null>(null);
  if (!state) return null;
  const base: PathSegment[] = ['states', name];

  const changeKind = (next: StateKind) => {
    const losesWork =
      ((kind === 'decision' || kind === 'timed') && !(next === 'decision' || next === 'timed') && choiceKeys(state).length > 0) ||
      (kind === 'junction' && (state.always?.length ?? 0) > 1);
    if (losesWork) setPendingKind(next);
    else onEdit((d) => setStateKind(d, name, next), `kind:${name}`);
  };

  return (
    <section aria-labelledby="state-form-heading" className="grid gap-4">
      <StateHeading doc={doc} onEdit={onEdit} announce={announce} name={name} kind={kind} />

      <div className="grid gap-3 sm:grid-cols-2">
        <NameField
          label="Step name"
          path={formatPath(base)}
          hint={
            <>
              Short, for you and the map: letters, digits, “-” or “_”.
              <InFile>the state name</InFile>
            </>
          }
          value={name}
          problem={(next) =>
            nameProblem(
              next,
              names.filter((n) => n !== name),
              'step',
            )
          }
          onRename={(next) => {
            onEdit((d) => renameState(d, name, next), `rename:${name}`, next);
            announce(`Step renamed to ${next}; everything that led to ${name} now leads to ${next}.`);
          }}
        />
        <SelectField
          label="Kind of step"
          path={formatPath(base)}
          value={kind}
          hint={<KindHint kind={kind} />}
          onChange={(value) => changeKind(value as StateKind)}
          options={Object.entries(STATE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </div>
      {pendingKind && (
        <div role="group" aria-label="Confirm changing the kind" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p>
            As {STATE_KIND_WITH_ARTICLE[pendingKind]}, this step loses its {kind === 'junction' ? 'ways on' : 'replies'}. Change it anyway? (Undo brings them back.)
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
              Make it {STATE_KIND_WITH_ARTICLE[pendingKind]}
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

/** What the kind means, and its name in the file for authors who also write the files in git. */
function KindHint({ kind }: { kind: StateKind }) {
  switch (kind) {
    case 'decision':
      return (
        <>
          The customer speaks and the trainee chooses a reply.
          <InFile>
            a state with <code className="font-mono">on</code>
          </InFile>
        </>
      );
    case 'timed':
      return (
        <>
          A decision with a time limit: saying nothing in time has its own outcome.
          <InFile>
            <code className="font-mono">meta.timeLimitSeconds</code> and <code className="font-mono">TIMEOUT</code>
          </InFile>
        </>
      );
    case 'junction':
      return (
        <>
          Says nothing: goes on by the customer&rsquo;s mood or what was remembered.
          <InFile>
            a junction, <code className="font-mono">always</code>
          </InFile>
        </>
      );
    case 'ending':
      return (
        <>
          The conversation is over.
          <InFile>
            <code className="font-mono">&quot;type&quot;: &quot;final&quot;</code>
          </InFile>
        </>
      );
  }
}
