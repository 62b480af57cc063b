'use client';

import { useState } from 'react';
import { formatPath, type PathSegment } from '@/machines/json-path';
import { choiceKeys, kindOf, renameState, setStateKind, STATE_KIND_LABELS, stateNames, statesOf, type StateKind } from './draft-edits';
import { DecisionFields } from './DecisionFields';
import type { EditProps } from './edit-props';
import { EndingFields } from './EndingFields';
import { NameField, nameProblem, SelectField, smallButton } from './fields';
import { JunctionFields } from './JunctionFields';
import { StateHeading } from './StateHeading';
import type { TargetOption } from './TransitionFields';

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
          label="State name"
          path={formatPath(base)}
          value={name}
          problem={(next) =>
            nameProblem(
              next,
              names.filter((n) => n !== name),
              'state',
            )
          }
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
            As a {STATE_KIND_LABELS[pendingKind].toLowerCase()}, this state loses its {kind === 'junction' ? 'branches' : 'choices'}. Change it anyway? (Undo brings them back.)
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
