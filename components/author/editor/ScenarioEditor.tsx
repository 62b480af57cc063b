'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { memo, startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { ScenarioMap } from '@/components/author/map/ScenarioMap';
import { UsagePanel } from '@/components/author/usage/UsagePanel';
import { buttonStyles, panel } from '@/components/ui/styles';
import type { CheckWarning } from '@/machines/checker';
import type { ScenarioUsage } from '@/server/studio/analytics';
import { addState, flagsUsed, freeName, kindOf, moveState, STATE_KIND_LABELS, stateNames, statesOf, text, type DraftDocument, type StateKind } from './draft-edits';
import { initialEditorState, reduceEditor } from './editor-state';
import { hintStyle, inputStyle, labelStyle, nameProblem, smallButton } from './fields';
import { PreviewPanel } from './PreviewPanel';
import { fieldForPath, stateOfPath } from './problem-paths';
import { problemsOf, ProblemsPanel, StatsPanel, useCheck, type Problem } from './ProblemsPanel';
import { PublishPanel, type VersionRow } from './PublishPanel';
import { RawJsonPanel } from './RawJsonPanel';
import { RevisionsPanel } from './RevisionsPanel';
import { SaveStatusLine, ConflictPanel, RecoveryPanel } from './SaveStatus';
import { SettingsForm } from './SettingsForm';
import { StateForm } from './StateForm';
import { useAutosave } from './autosave/use-autosave';

export interface EditorDraft {
  scenarioId: string;
  origin: 'builtin' | 'authored';
  archived: boolean;
  readOnly: boolean;
  source: string;
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
  versions: VersionRow[];
}

const TABS = [
  { id: 'edit', label: 'Edit' },
  { id: 'preview', label: 'Preview' },
  { id: 'raw', label: 'Raw JSON' },
  { id: 'revisions', label: 'Revisions' },
  { id: 'publish', label: 'Publish' },
] as const;
type Tab = (typeof TABS)[number]['id'];

const MAP_DELAY_MS = 300;
const NO_WARNINGS: CheckWarning[] = [];

/** `value` once it has stayed the same for `delayMs` (the first value at once), rendered as a non-urgent update. */
function useSettledValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => startTransition(() => setSettled(value)), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** The scenario editor: forms, live checking, preview, raw JSON, revisions and publishing, saved as you go. */
export function ScenarioEditor({ draft }: { draft: EditorDraft }) {
  const router = useRouter();
  const [editor, dispatch] = useReducer(reduceEditor, draft.source, initialEditorState);
  const [tab, setTab] = useState<Tab>('edit');
  const [view, setView] = useState<'settings' | 'state'>('state');
  const [announcement, setAnnouncement] = useState('');
  const [versions, setVersions] = useState(draft.versions);
  const [showMap, setShowMap] = useState(true);
  const [usage, setUsage] = useState<ScenarioUsage | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const workArea = useRef<HTMLDivElement>(null);
  const readOnly = draft.readOnly;

  const { result, checking } = useCheck(draft.scenarioId, editor.text);
  const replace = useCallback((source: string) => dispatch({ type: 'replace', text: source }), []);
  const autosave = useAutosave({
    scenarioId: draft.scenarioId,
    text: editor.text,
    textOk: editor.textError === null,
    readOnly,
    initial: { source: draft.source, revision: draft.revision, savedAt: draft.updatedAt },
    onReplace: replace,
  });

  const announce = useCallback((message: string) => {
    // Cleared first, so the same words said twice are announced twice.
    setAnnouncement('');
    requestAnimationFrame(() => setAnnouncement(message));
  }, []);

  const onEdit = useCallback(
    (doc: DraftDocument | ((current: DraftDocument) => DraftDocument), key: string, select?: string | null) => {
      if (readOnly) return;
      dispatch({ type: 'edit', doc, key, now: Date.now(), select });
    },
    [readOnly],
  );

  const selected = editor.selected;
  const selectState = useCallback((name: string) => {
    setView('state');
    dispatch({ type: 'select', state: name });
  }, []);
  // The map redraws from the draft once typing pauses, not on every keystroke: updating a map of
  // hundreds of states takes longer than the gap between two keys.
  const mapDocument = useSettledValue(editor.doc, MAP_DELAY_MS);
  // What the states list and the form show of the whole draft, kept as the same objects while it
  // stays the same, so typing in one field re-renders neither the list nor the other sections.
  const entries = useSameWhileEqual(stateEntries(editor.doc), sameEntries);
  const principlesListed = useSameWhileEqual(
    Array.isArray(editor.doc.meta?.principles) ? editor.doc.meta.principles.filter((p) => typeof p === 'string') : [],
    sameStrings,
  );
  const targets = useMemo(() => entries.map((e) => ({ value: e.name, label: `${e.name} (${STATE_KIND_LABELS[e.kind].toLowerCase()})` })), [entries]);
  const selectSettings = useCallback(() => setView('settings'), []);
  const addStateAfter = useCallback(
    (name: string, kind: StateKind, after: string | null) => {
      onEdit((doc) => addState(doc, name, kind, after), `add-state:${name}`, name);
      setView('state');
      announce(`State ${name} added, a ${STATE_KIND_LABELS[kind].toLowerCase()}, and selected.`);
    },
    [onEdit, announce],
  );
  const moveStateBy = useCallback(
    (name: string, delta: number) => {
      onEdit((doc) => moveState(doc, name, delta), 'move-state');
      announce(`State ${name} moved ${delta < 0 ? 'up' : 'down'}.`);
    },
    [onEdit, announce],
  );

  /** A problem activated: show where it is and put the keyboard there. */
  const goTo = useCallback((path: string) => {
    const state = stateOfPath(path);
    setTab('edit');
    if (state) {
      setView('state');
      dispatch({ type: 'select', state });
    } else setView('settings');
    pendingFocus.current = path;
  }, []);

  useLayoutEffect(() => {
    const path = pendingFocus.current;
    if (!path || tab !== 'edit' || !workArea.current) return;
    pendingFocus.current = null;
    const field = fieldForPath(workArea.current, path) ?? workArea.current.querySelector<HTMLElement>('h2');
    if (field) {
      if (field.tagName === 'H2') field.tabIndex = -1;
      field.focus();
      field.scrollIntoView({ block: 'center' });
    }
  });

  // The same list while a new check finds the same problems, as it does after most keystrokes.
  const problems = useSameWhileEqual(
    useMemo(() => problemsOf(result), [result]),
    sameProblems,
  );
  const title = text(editor.doc.meta?.title) || draft.scenarioId;

  // Leaving a field saves at once rather than after the quiet time.
  const onBlurCapture = () => autosave.flush();

  return (
    <div className="grid grid-cols-1 gap-4">
      <header className="grid gap-2">
        <p className="text-sm">
          <Link href="/author" className={buttonStyles.quiet}>
            ← Studio
          </Link>
        </p>
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-bold tracking-tight">
            {title}
            <span className="ml-2 break-all align-middle font-mono text-sm font-normal text-slate-700">{draft.scenarioId}.json</span>
          </h1>
          {!readOnly && (
            <div className="flex gap-2">
              <button type="button" className={smallButton} disabled={editor.past.length === 0} onClick={() => dispatch({ type: 'undo' })}>
                Undo
              </button>
              <button type="button" className={smallButton} disabled={editor.future.length === 0} onClick={() => dispatch({ type: 'redo' })}>
                Redo
              </button>
            </div>
          )}
        </div>
        <p className="text-sm text-slate-700">
          {readOnly ? 'Built-in scenario' : 'Draft'}
          {versions.length ? ` · published version ${versions[0]!.version}` : ' · not published'}
          {draft.archived ? ' · archived (hidden from the library)' : ''}
        </p>
        {!readOnly && <SaveStatusLine status={autosave.status} />}
      </header>

      {readOnly && <DuplicateBanner scenarioId={draft.scenarioId} title={title} onDuplicated={(id) => router.push(`/author/${id}`)} />}
      {autosave.offeredCopy && (
        <RecoveryPanel
          copy={autosave.offeredCopy}
          serverRevision={draft.revision}
          onRecover={() => {
            autosave.recover();
            announce('Your unsaved edits were recovered and are being saved.');
          }}
          onDiscard={autosave.discard}
        />
      )}
      {autosave.status.kind === 'conflict' && <ConflictPanel conflict={autosave.status.conflict} onLoadTheirs={autosave.loadTheirs} onKeepMine={autosave.keepMine} />}

      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>

      <Tabs tab={tab} onTab={setTab} readOnly={readOnly} errors={result?.errors.length ?? 0} />

      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={-1} className="focus:outline-none">
        {tab === 'edit' && (
          <div className="grid grid-cols-1 gap-4">
            <section aria-labelledby="map-heading" className={`${panel} p-3`}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 id="map-heading" className="text-base font-semibold">
                  Map
                </h2>
                <button type="button" className={smallButton} aria-expanded={showMap} aria-controls={showMap ? 'scenario-map' : undefined} onClick={() => setShowMap((shown) => !shown)}>
                  {showMap ? 'Hide the map' : 'Show the map'}
                </button>
              </div>
              {showMap && (
                <div id="scenario-map" className="mt-2 h-[26rem]">
                  <ScenarioMap document={mapDocument} selectedState={view === 'state' ? selected : null} onSelectState={selectState} problems={problems} usage={usage} />
                </div>
              )}
              {versions.length > 0 && (
                <details className="mt-2 rounded-md border border-slate-200">
                  <summary className="cursor-pointer px-3 py-2 text-sm font-semibold text-brand-800 hover:bg-brand-50">How trainees played the published versions</summary>
                  <div className="border-t border-slate-200 p-3">
                    <UsagePanel scenarioId={draft.scenarioId} versions={versions.map((v) => v.version)} onUsage={setUsage} />
                  </div>
                </details>
              )}
            </section>
            <div ref={workArea} onBlurCapture={onBlurCapture} className="grid grid-cols-1 gap-4 lg:grid-cols-[15rem_minmax(0,1fr)_17rem]">
              <StatesList
                entries={entries}
                selected={view === 'state' ? selected : null}
                after={selected}
                settingsSelected={view === 'settings'}
                problems={problems}
                readOnly={readOnly}
                onSelectSettings={selectSettings}
                onSelect={selectState}
                onAdd={addStateAfter}
                onMove={moveStateBy}
              />
              <fieldset disabled={readOnly} className={`${panel} min-w-0 p-4`}>
                <legend className="sr-only">{view === 'settings' ? 'Scenario settings' : `State ${selected ?? ''}`}</legend>
                {view === 'settings' ? (
                  <section aria-labelledby="settings-heading" className="grid gap-3">
                    <h2 id="settings-heading" className="text-lg font-semibold">
                      Scenario settings
                    </h2>
                    <SettingsForm doc={editor.doc} onEdit={onEdit} />
                  </section>
                ) : selected ? (
                  <StateForm doc={editor.doc} onEdit={onEdit} announce={announce} name={selected} principles={principlesListed} targets={targets} />
                ) : (
                  <p className="text-sm text-slate-700">{editor.textError ? 'Fix the JSON text in the Raw JSON tab to edit with the forms.' : 'Add a state to begin.'}</p>
                )}
              </fieldset>
              <div className="grid content-start gap-4">
                <div className={`${panel} p-4`}>
                  <ProblemsPanel result={result} checking={checking} onGoTo={goTo} />
                </div>
                <div className={`${panel} p-4`}>
                  <StatsPanel result={result} />
                </div>
              </div>
            </div>
          </div>
        )}
        {tab === 'preview' &&
          (result?.valid && result.document ? (
            <PreviewPanel scenario={result.document} selectedState={selected} flags={flagsUsed(editor.doc)} />
          ) : (
            <p className={`${panel} p-4 text-sm text-slate-800`}>
              {checking && !result ? 'Checking…' : `The preview needs a scenario without errors; the checker finds ${result?.errors.length ?? 0}. See Problems on the Edit tab.`}
            </p>
          ))}
        {tab === 'raw' && (
          <RawJsonPanel text={editor.text} textError={editor.textError} result={result} readOnly={readOnly} onText={(value) => dispatch({ type: 'text', text: value, now: Date.now() })} />
        )}
        {tab === 'revisions' && !readOnly && <RevisionsPanel scenarioId={draft.scenarioId} baseRevision={autosave.baseRevision} onRestore={autosave.restore} />}
        {tab === 'publish' && !readOnly && (
          <PublishPanel
            scenarioId={draft.scenarioId}
            errors={result?.errors.length ?? 0}
            warnings={result?.warnings ?? NO_WARNINGS}
            checking={checking || !result}
            versions={versions}
            archived={draft.archived}
            saveNow={autosave.saveNow}
            onPublished={(version) => setVersions((all) => [version, ...all])}
            onGoTo={goTo}
          />
        )}
      </div>
    </div>
  );
}

/** Tabs that follow the ARIA pattern: arrows move between them, Tab goes into the panel. */
function Tabs({ tab, onTab, readOnly, errors }: { tab: Tab; onTab: (tab: Tab) => void; readOnly: boolean; errors: number }) {
  const shown = TABS.filter((t) => !readOnly || t.id === 'edit' || t.id === 'preview' || t.id === 'raw');
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = shown.findIndex((t) => t.id === tab);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % shown.length : event.key === 'ArrowLeft' ? (index - 1 + shown.length) % shown.length : event.key === 'Home' ? 0 : event.key === 'End' ? shown.length - 1 : -1;
    if (next < 0) return;
    event.preventDefault();
    const id = shown[next]!.id;
    onTab(id);
    refs.current[id]?.focus();
  }
  return (
    <div role="tablist" aria-label="Editor views" onKeyDown={onKeyDown} className="flex flex-wrap gap-1 border-b border-slate-300">
      {shown.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          id={`tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={tab === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={tab === t.id ? 0 : -1}
          onClick={() => onTab(t.id)}
          className={`-mb-px rounded-t-md border px-3 py-1.5 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 ${
            tab === t.id ? 'border-slate-300 border-b-white bg-white text-slate-900' : 'border-transparent text-brand-800 hover:bg-brand-50'
          }`}
        >
          {t.label}
          {t.id === 'publish' && errors > 0 && <span className="sr-only"> (not possible: {errors} errors)</span>}
        </button>
      ))}
    </div>
  );
}

const KIND_MARKS: Record<StateKind, string> = { decision: '◆', timed: '◈', junction: '◇', ending: '■' };

/** What the states list shows of a state. */
interface StateEntry {
  name: string;
  kind: StateKind;
  initial: boolean;
  /** An ending's outcome as written, or null. */
  outcome: string | null;
}

function stateEntries(doc: DraftDocument): StateEntry[] {
  const states = statesOf(doc);
  return stateNames(doc).map((name) => {
    const kind = kindOf(states[name]);
    const outcome = states[name]?.meta?.outcome;
    return { name, kind, initial: doc.initial === name, outcome: kind === 'ending' && typeof outcome === 'string' ? outcome : null };
  });
}

const sameEntries = (a: StateEntry[], b: StateEntry[]) =>
  a.length === b.length && a.every((x, i) => x.name === b[i]!.name && x.kind === b[i]!.kind && x.initial === b[i]!.initial && x.outcome === b[i]!.outcome);
const sameStrings = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameProblems = (a: Problem[], b: Problem[]) =>
  a.length === b.length && a.every((x, i) => x.path === b[i]!.path && x.message === b[i]!.message && x.severity === b[i]!.severity);

/** `value`, or the value returned before while `same` holds between them. */
function useSameWhileEqual<T>(value: T, same: (a: T, b: T) => boolean): T {
  const kept = useRef(value);
  if (kept.current !== value && !same(kept.current, value)) kept.current = value;
  return kept.current;
}

/** The states as a list: the keyboard and screen-reader way around the scenario, next to the map. */
const StatesList = memo(function StatesList({
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
    const name = newName.trim() || freeName(names, newKind === 'ending' ? 'ending' : 'state');
    const why = nameProblem(name, names, 'state');
    setError(why);
    if (why) return;
    onAdd(name, newKind, after);
    setNewName('');
  };

  return (
    <nav aria-labelledby="states-heading" className={`${panel} p-3`}>
      <h2 id="states-heading" className="text-base font-semibold">
        States <span className="text-sm font-normal text-slate-700">({names.length})</span>
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
            {settingsProblems > 0 && <span className="ml-1 text-xs">({settingsProblems} {settingsProblems === 1 ? 'problem' : 'problems'})</span>}
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
                  <button type="button" className={`${smallButton} px-1.5 py-0`} disabled={index === 0} onClick={() => onMove(name, -1)} aria-label={`Move state ${name} up`}>
                    ↑
                  </button>
                  <button type="button" className={`${smallButton} px-1.5 py-0`} disabled={index === names.length - 1} onClick={() => onMove(name, 1)} aria-label={`Move state ${name} down`}>
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
          <p className="text-sm font-semibold">Add a state</p>
          <div>
            <label htmlFor="new-state-name" className={labelStyle}>
              Name
            </label>
            <input
              id="new-state-name"
              type="text"
              value={newName}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'new-state-error' : 'new-state-hint'}
              onChange={(event) => setNewName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  add();
                }
              }}
              className={`${inputStyle} font-mono`}
            />
            <p id="new-state-hint" className={hintStyle}>
              Letters, digits, “-” or “_”, e.g. listening.
            </p>
            {error && (
              <p id="new-state-error" role="alert" className="mt-1 text-xs font-medium text-rose-800">
                {error}
              </p>
            )}
          </div>
          <div>
            <label htmlFor="new-state-kind" className={labelStyle}>
              Kind
            </label>
            <select id="new-state-kind" value={newKind} onChange={(event) => setNewKind(event.target.value as StateKind)} className={inputStyle}>
              {Object.entries(STATE_KIND_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className={smallButton} onClick={add}>
            Add state
          </button>
        </div>
      )}
    </nav>
  );
});

function DuplicateBanner({ scenarioId, title, onDuplicated }: { scenarioId: string; title: string; onDuplicated: (id: string) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function duplicate() {
    setPending(true);
    setError(null);
    const response = await fetch('/api/author/scenarios', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'duplicate', fromScenarioId: scenarioId, title: `${title} (copy)` }),
    }).catch(() => null);
    if (response?.ok) {
      onDuplicated(((await response.json()) as { scenarioId: string }).scenarioId);
      return;
    }
    setPending(false);
    const body = ((await response?.json().catch(() => null)) ?? null) as { error?: { message?: string } } | null;
    setError(body?.error?.message ?? 'Could not reach the server. Nothing was copied; try again.');
  }
  return (
    <div className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950">
      <p>
        This built-in scenario comes from a file in git and is read-only here. Duplicate it to edit a copy; the original stays as it is.
      </p>
      <button type="button" className={`${buttonStyles.primary} mt-2`} disabled={pending} onClick={() => void duplicate()}>
        {pending ? 'Duplicating…' : 'Duplicate to edit'}
      </button>
      {error && (
        <p role="alert" className="mt-2 text-rose-900">
          {error}
        </p>
      )}
    </div>
  );
}

