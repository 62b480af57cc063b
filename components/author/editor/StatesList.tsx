'use client';

import { memo, useMemo, useState } from 'react';
import { panel } from '@/components/ui/styles';
import { freeName, kindOf, STATE_KIND_LABELS, stateNames, statesOf, type DraftDocument, type StateKind } from './draft-edits';
import { Field, inputStyle, nameProblem, onEnter, smallButton } from './fields';
import { stateOfPath } from './problem-paths';

const KIND_MARKS: Record<StateKind, string> = { decision: '◆', timed: '◈', junction: '◇', ending: '■' };

/** What the states list shows of a state. */
export interface StateEntry {
  name: string;
  kind: StateKind;
  initial: boolean;
  /** An ending's outcome as written, or null. */
  outcome: string | null;
}

/** The steps of the draft (its states), in order, as the list shows them. */
export function stateEntries(doc: DraftDocument): StateEntry[] {
  const states = statesOf(doc);
  return stateNames(doc).map((name) => {
    const kind = kindOf(states[name]);
    const outcome = states[name]?.meta?.outcome;
    return { name, kind, initial: doc.initial === name, outcome: kind === 'ending' && typeof outcome === 'string' ? outcome : null };
  });
}

/** Whether two lists of entries show the same. */
export const sameEntries = (a: StateEntry[], b: StateEntry[]) =>
  a.length === b.length && a.every((x, i) => x.name === b[i]!.name && x.kind === b[i]!.kind && x.initial === b[i]!.initial && x.outcome === b[i]!.outcome);

/** The steps as a list: the keyboard and screen-reader way around the scenario, next to the map. */
export const StatesList = memo(function StatesList({
  entries,
  selected,
  after,
  settingsSelected,
  problems,
  readOnly,
  onSelect,
  onSelectSettings,
  onAdd,
  onMove,
}: {
  entries: StateEntry[];
  selected: string | null;
  /** Where a new state goes: after this one (the selected state, even while the settings are shown). */
  after: string | null;
  settingsSelected: boolean;
  problems: { path: string; severity: 'error' | 'warning' }[];
  readOnly: boolean;
  onSelect: (name: string) => void;
  onSelectSettings: () => void;
  onAdd: (name: string, kind: StateKind, after: string | null) => void;
  onMove: (name: string, delta: number) => void;
}) {
  const names = entries.map((e) => e.name);
  const [newName, setNewName] = useState('');
  const [newKind, setNewKind] = useState<StateKind>('decision');
  const [error, setError] = useState<string | null>(null);
  const counts = useMemo(() => {
    const out = new Map<string, { errors: number; warnings: number }>();
    for (const p of problems) {
      const state = stateOfPath(p.path);
      if (!state) continue;
      const entry = out.get(state) ?? { errors: 0, warnings: 0 };
      if (p.severity === 'error') entry.errors++;
      else entry.warnings++;
      out.set(state, entry);
    }
    return out;
  }, [problems]);
  const settingsProblems = problems.filter((p) => !stateOfPath(p.path)).length;

  const add = () => {
    const name = newName.trim() || freeName(names, newKind === 'ending' ? 'ending' : 'step');
    const why = nameProblem(name, names, 'step');
    setError(why);
    if (why) return;
    onAdd(name, newKind, after);
    setNewName('');
  };

  return (
    <nav aria-labelledby="states-heading" className={`${panel} p-3`}>
      <h2 id="states-heading" className="text-base font-semibold">
        Steps <span className="text-sm font-normal text-slate-700">({names.length})</span>
      </h2>
      <ul className="mt-2 max-h-80 space-y-1 overflow-y-auto lg:max-h-none lg:overflow-visible">
        <li>
          <button
            type="button"
            aria-current={settingsSelected ? 'true' : undefined}
            onClick={onSelectSettings}
            className={`w-full rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 ${
              settingsSelected ? 'bg-brand-700 font-semibold text-white' : 'text-slate-900 hover:bg-slate-100'
            }`}
          >
            Scenario settings
            {settingsProblems > 0 && (
              <span className="ml-1 text-xs">
                ({settingsProblems} {settingsProblems === 1 ? 'problem' : 'problems'})
              </span>
            )}
          </button>
        </li>
        {entries.map(({ name, kind, initial, outcome }, index) => {
          const count = counts.get(name);
          const current = name === selected;
          return (
            <li key={name} className="flex items-stretch gap-1">
              <button
                type="button"
                aria-current={current ? 'true' : undefined}
                onClick={() => onSelect(name)}
                className={`min-w-0 flex-1 rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 ${
                  current ? 'bg-brand-700 text-white' : 'text-slate-900 hover:bg-slate-100'
                }`}
              >
                <span aria-hidden="true" className="mr-1">
                  {KIND_MARKS[kind]}
                </span>
                <span className="break-all font-mono font-semibold">{name}</span>
                <span className={`block text-xs ${current ? 'text-white' : 'text-slate-700'}`}>
                  {STATE_KIND_LABELS[kind]}
                  {initial ? ', start' : ''}
                  {outcome !== null ? `, ${outcome}` : ''}
                  {count?.errors ? `, ${count.errors} ${count.errors === 1 ? 'error' : 'errors'}` : ''}
                  {count?.warnings ? `, ${count.warnings} ${count.warnings === 1 ? 'warning' : 'warnings'}` : ''}
                </span>
              </button>
              {!readOnly && current && (
                <span className="flex flex-col gap-0.5">
                  <button type="button" className={`${smallButton} px-1.5 py-0`} disabled={index === 0} onClick={() => onMove(name, -1)} aria-label={`Move step ${name} up`}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className={`${smallButton} px-1.5 py-0`}
                    disabled={index === names.length - 1}
                    onClick={() => onMove(name, 1)}
                    aria-label={`Move step ${name} down`}
                  >
                    ↓
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {!readOnly && (
        <div className="mt-3 grid gap-2 border-t border-slate-200 pt-3">
          <p className="text-sm font-semibold">Add a step</p>
          <Field id="new-state-name" label="Name" hint="Letters, digits, “-” or “_”, e.g. listening." error={error}>
            {(control) => (
              <input {...control} type="text" value={newName} onChange={(event) => setNewName(event.target.value)} onKeyDown={onEnter(add)} className={`${inputStyle} font-mono`} />
            )}
          </Field>
          <Field id="new-state-kind" label="Kind of step">
            {(control) => (
              <select {...control} value={newKind} onChange={(event) => setNewKind(event.target.value as StateKind)} className={inputStyle}>
                {Object.entries(STATE_KIND_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" className={smallButton} onClick={add}>
            Add step
          </button>
        </div>
      )}
    </nav>
  );
});
