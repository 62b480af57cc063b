'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useMemo, useReducer, useState } from 'react';
import { panel } from '@/components/ui/styles';
import type { CheckWarning } from '@/machines/checker';
import { addState, flagsUsed, moveState, STATE_KIND_LABELS, STATE_KIND_WITH_ARTICLE, text, type DraftDocument, type StateKind } from './draft-edits';
import { DuplicateBanner } from './DuplicateBanner';
import { EditorHeader } from './EditorHeader';
import { initialEditorState, reduceEditor } from './editor-state';
import { EditorTabs, type EditorTab } from './EditorTabs';
import { useSameWhileEqual, useSettledValue } from './kept-values';
import { MapSection } from './MapSection';
import { PreviewPanel } from './PreviewPanel';
import { errorsByField, stateOfPath } from './problem-paths';
import { FieldProblemsContext, type FieldProblems } from './field-problems';
import { problemsOf, ProblemsPanel, StatsPanel, useCheck, type Problem } from './ProblemsPanel';
import { PublishPanel } from './PublishPanel';
import { RawJsonPanel } from './RawJsonPanel';
import { RevisionsPanel } from './RevisionsPanel';
import { ConflictPanel, RecoveryPanel } from './SaveStatus';
import { SettingsForm } from './SettingsForm';
import { StateForm } from './StateForm';
import { sameEntries, stateEntries, StatesList } from './StatesList';
import { useAutosave } from './autosave/use-autosave';
import { useFocusOnField } from './use-focus-on-field';
import { TypedReviewPanel } from '@/components/author/typed-review/TypedReviewPanel';
import type { AsJson } from '@/lib/as-json';
import type { DraftView } from '@/server/studio/authoring';

/** The draft as the editor page hands it to the editor. */
export type EditorDraft = AsJson<DraftView>;

const MAP_DELAY_MS = 300;
const NO_WARNINGS: CheckWarning[] = [];

/** The scenario editor: forms, live checking, preview, raw JSON, revisions and publishing, saved as you go. */
export function ScenarioEditor({
  draft,
  takenIds = [],
  initialStep = null,
  showUsage = false,
}: {
  draft: EditorDraft;
  /** Every scenario's id, for a copy's id to differ from (given for a read-only scenario, which is copied to edit). */
  takenIds?: readonly string[];
  /** The step to open at, as a link to it names it. */
  initialStep?: string | null;
  /** Open how trainees played it, as a link to the studio's analytics asks. */
  showUsage?: boolean;
}) {
  const router = useRouter();
  const [editor, dispatch] = useReducer(reduceEditor, draft.source, (source) => {
    const initial = initialEditorState(source);
    return initialStep ? reduceEditor(initial, { type: 'select', state: initialStep }) : initial;
  });
  const [tab, setTab] = useState<EditorTab>('edit');
  const [view, setView] = useState<'settings' | 'state'>('state');
  const [announcement, setAnnouncement] = useState('');
  // The problem last gone to from the panel: a closed reply that holds it opens.
  const [goingTo, setGoingTo] = useState<FieldProblems['goingTo']>(null);
  const [versions, setVersions] = useState(draft.versions);
  const { workArea, focusLater } = useFocusOnField(tab === 'edit');
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
  const principlesListed = useSameWhileEqual(Array.isArray(editor.doc.meta?.principles) ? editor.doc.meta.principles.filter((p) => typeof p === 'string') : [], sameStrings);
  const targets = useMemo(() => entries.map((e) => ({ value: e.name, label: `${e.name} (${STATE_KIND_LABELS[e.kind].toLowerCase()})` })), [entries]);
  const selectSettings = useCallback(() => setView('settings'), []);
  const addStateAfter = useCallback(
    (name: string, kind: StateKind, after: string | null) => {
      onEdit((doc) => addState(doc, name, kind, after), `add-state:${name}`, name);
      setView('state');
      announce(`Step ${name} added, ${STATE_KIND_WITH_ARTICLE[kind]}, and selected.`);
    },
    [onEdit, announce],
  );
  const moveStateBy = useCallback(
    (name: string, delta: number) => {
      onEdit((doc) => moveState(doc, name, delta), 'move-state');
      announce(`Step ${name} moved ${delta < 0 ? 'up' : 'down'}.`);
    },
    [onEdit, announce],
  );

  /** A problem activated: show where it is and put the keyboard there. */
  const goTo = useCallback(
    (path: string) => {
      const state = stateOfPath(path);
      setTab('edit');
      setGoingTo({ path });
      if (state) {
        setView('state');
        dispatch({ type: 'select', state });
      } else setView('settings');
      focusLater(path);
    },
    [focusLater],
  );

  // The same list while a new check finds the same problems, as it does after most keystrokes.
  const problems = useSameWhileEqual(
    useMemo(() => problemsOf(result), [result]),
    sameProblems,
  );
  const fieldProblems = useMemo<FieldProblems>(() => ({ errors: errorsByField(problems), goingTo }), [problems, goingTo]);
  const title = text(editor.doc.meta?.title) || draft.scenarioId;

  // Leaving a field saves at once rather than after the quiet time.
  const onBlurCapture = () => autosave.flush();

  return (
    <div className="grid grid-cols-1 gap-4">
      <EditorHeader
        title={title}
        scenarioId={draft.scenarioId}
        readOnly={readOnly}
        archived={draft.archived}
        publishedVersion={versions.length ? versions[0]!.version : null}
        canUndo={editor.past.length > 0}
        canRedo={editor.future.length > 0}
        onUndo={() => dispatch({ type: 'undo' })}
        onRedo={() => dispatch({ type: 'redo' })}
        saveStatus={autosave.status}
      />

      {readOnly && <DuplicateBanner scenarioId={draft.scenarioId} title={title} takenIds={takenIds} onDuplicated={(id) => router.push(`/author/${id}`)} />}
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

      <EditorTabs tab={tab} onTab={setTab} readOnly={readOnly} errors={problems.filter((p) => p.severity === 'error').length} />

      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={-1} className="focus:outline-none">
        {tab === 'edit' && (
          <div className="grid grid-cols-1 gap-4">
            <MapSection
              scenarioId={draft.scenarioId}
              document={mapDocument}
              selectedState={view === 'state' ? selected : null}
              onSelectState={selectState}
              problems={problems}
              versions={versions.map((v) => v.version)}
              usageOpen={showUsage}
            />
            <FieldProblemsContext value={fieldProblems}>
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
                  <legend className="sr-only">{view === 'settings' ? 'Scenario settings' : `Step ${selected ?? ''}`}</legend>
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
                    <p className="text-sm text-slate-700">{editor.textError ? 'Fix the JSON text in the Raw JSON tab to edit with the forms.' : 'Add a step to begin.'}</p>
                  )}
                </fieldset>
                <div className="grid content-start gap-4">
                  <div className={`${panel} p-4`}>
                    <ProblemsPanel result={result} checking={checking} here={view === 'settings' ? null : selected} onGoTo={goTo} />
                  </div>
                  <div className={`${panel} p-4`}>
                    <StatsPanel result={result} />
                  </div>
                </div>
              </div>
            </FieldProblemsContext>
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
          <RawJsonPanel
            text={editor.text}
            textError={editor.textError}
            result={result}
            readOnly={readOnly}
            onText={(value) => dispatch({ type: 'text', text: value, now: Date.now() })}
          />
        )}
        {tab === 'typed' && <TypedReviewPanel scenarioId={draft.scenarioId} versions={versions.map((v) => v.version)} doc={editor.doc} readOnly={readOnly} onEdit={onEdit} />}
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

const sameStrings = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameProblems = (a: Problem[], b: Problem[]) =>
  a.length === b.length && a.every((x, i) => x.path === b[i]!.path && x.message === b[i]!.message && x.severity === b[i]!.severity);
