'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { fieldHint, fieldLabel, textInput } from '@/components/ui/form-styles';
import { FormOutcome } from '@/components/admin/FormOutcome';
import { sendJson } from '@/components/admin/send-json';
import { buttonStyles } from '@/components/ui/styles';
import { useLeaveWarning } from '@/components/ui/use-leave-warning';
import { DUE_DAYS_MAX, MODULE_DESCRIPTION_MAX, MODULE_TITLE_MAX } from '@/lib/onboarding-limits';

export interface ScenarioOption {
  /** A scenario id, or `pool:<id>` for an assessment pool. */
  id: string;
  title: string;
  /** What kind of step it is: "practice", "assessment", "pool of 3 versions". */
  note?: string;
}

export interface ModuleFormValues {
  title: string;
  description: string;
  defaultDueDays: number;
  /** Trainees type their replies in the module's scenarios. */
  ownWords: boolean;
  scenarios: ScenarioOption[];
}

interface Props {
  /** Absent: a new module. */
  moduleId?: string;
  version?: number;
  initial: ModuleFormValues;
  /** Every scenario that can be played, to add from. */
  playable: ScenarioOption[];
}

type Focus = { scenarioId: string; control: 'up' | 'down' | 'remove' } | { control: 'add' };

/**
 * A module's title, description, due period and ordered scenarios. Saving a new module creates
 * version 1; saving an existing one adds a version, and people already assigned keep theirs.
 */
export function ModuleForm({ moduleId, version, initial, playable }: Props) {
  const router = useRouter();
  const id = useId();
  const [title, setTitle] = useState(initial.title);
  const [description, setDescription] = useState(initial.description);
  const [days, setDays] = useState(String(initial.defaultDueDays));
  const [ownWords, setOwnWords] = useState(initial.ownWords);
  const [chosen, setChosen] = useState<ScenarioOption[]>(initial.scenarios);
  const [toAdd, setToAdd] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const controls = useRef(new Map<string, HTMLButtonElement | null>());
  const addSelect = useRef<HTMLSelectElement>(null);
  // Where keyboard focus goes once the list has re-rendered after a move or removal.
  const pendingFocus = useRef<Focus | null>(null);
  // What the server has, to warn before leaving with edits it does not.
  const content = JSON.stringify({ title, description, days, ownWords, scenarios: chosen.map((s) => s.id) });
  const [savedContent, setSavedContent] = useState(content);
  useLeaveWarning(content !== savedContent);

  // After a move or removal the list re-renders: keep keyboard focus with the scenario that moved,
  // or on the nearest control that still makes sense.
  useEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = null;
    if (focus.control === 'add') addSelect.current?.focus();
    else controls.current.get(`${focus.scenarioId}:${focus.control}`)?.focus();
  });

  const available = playable.filter((s) => !chosen.some((c) => c.id === s.id));

  function move(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= chosen.length) return;
    const next = [...chosen];
    const [item] = next.splice(index, 1);
    next.splice(target, 0, item!);
    setChosen(next);
    setAnnouncement(`“${item!.title}” moved to position ${target + 1} of ${next.length}.`);
    // At the top or bottom the pressed button is disabled: continue from the other direction.
    const atEdge = (by === -1 && target === 0) || (by === 1 && target === next.length - 1);
    pendingFocus.current = { scenarioId: item!.id, control: atEdge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down' };
  }

  function remove(index: number) {
    const item = chosen[index]!;
    const next = chosen.filter((_, i) => i !== index);
    setChosen(next);
    setAnnouncement(`“${item.title}” removed. ${next.length} ${next.length === 1 ? 'scenario' : 'scenarios'} left.`);
    const neighbour = next[index] ?? next[index - 1];
    pendingFocus.current = neighbour ? { scenarioId: neighbour.id, control: 'remove' } : { control: 'add' };
  }

  function add() {
    const scenario = playable.find((s) => s.id === toAdd);
    if (!scenario) return;
    setChosen([...chosen, scenario]);
    setToAdd('');
    setAnnouncement(`“${scenario.title}” added as scenario ${chosen.length + 1}.`);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    setSaved(null);
    const body = { title, description, defaultDueDays: Number(days), ownWords, steps: chosen.map((s) => s.id) };
    if (!/^\d+$/.test(days.trim())) {
      setPending(false);
      return setError('The default due period must be a whole number of days, from 1 to 365.');
    }
    const answer = moduleId
      ? await sendJson<{ module: { id: string; version: number } }>(`/api/modules/${moduleId}`, 'PUT', body)
      : await sendJson<{ module: { id: string; version: number } }>('/api/modules', 'POST', body);
    setPending(false);
    if (!answer.ok || !answer.data) return setError(answer.message);
    setSavedContent(content);
    if (!moduleId) return router.push(`/modules/${answer.data.module.id}?created=1`);
    setSaved(`Saved as version ${answer.data.module.version}. People already assigned keep the version they were given.`);
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-legend`}>
      <h2 id={`${id}-legend`} className="text-lg font-semibold">
        {moduleId ? `Edit the module (now version ${version})` : 'The module'}
      </h2>
      <div className="mt-4 grid gap-4 sm:grid-cols-[1fr_12rem]">
        <div>
          <label htmlFor={`${id}-title`} className={fieldLabel}>
            Title
          </label>
          <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={MODULE_TITLE_MAX} autoComplete="off" className={textInput} />
        </div>
        <div>
          <label htmlFor={`${id}-days`} className={fieldLabel}>
            Default due period (days)
          </label>
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={1}
            max={DUE_DAYS_MAX}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            aria-describedby={`${id}-days-hint`}
            className={textInput}
          />
        </div>
      </div>
      <p id={`${id}-days-hint`} className={fieldHint}>
        Counted from the day a person is assigned the module, unless the assignment sets a due date.
      </p>
      <div className="mt-4">
        <label htmlFor={`${id}-description`} className={fieldLabel}>
          Description <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <textarea id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={MODULE_DESCRIPTION_MAX} className={textInput} />
      </div>
      <div className="mt-4 flex items-start gap-2">
        <input
          id={`${id}-own-words`}
          type="checkbox"
          checked={ownWords}
          onChange={(e) => setOwnWords(e.target.checked)}
          aria-describedby={`${id}-own-words-hint`}
          className="mt-1 h-4 w-4 accent-brand-700"
        />
        <div>
          <label htmlFor={`${id}-own-words`} className="font-medium">
            Trainees type their replies in their own words
          </label>
          <p id={`${id}-own-words-hint`} className={fieldHint}>
            In every scenario of the module, whatever the scenario says, from the next conversation a trainee starts. Frontline works out which reply they mean and asks them to
            confirm it; after two replies it cannot place, it lists the replies. Scoring stays as written.
          </p>
        </div>
      </div>

      <fieldset className="mt-6">
        <legend className="text-base font-semibold">Scenarios, in the order to play them</legend>
        <p className={fieldHint}>
          Every one must be passed to complete the module. Put practice first and the assessment last. A pool is an assessment with several versions of one situation: each attempt
          draws a version the person has not taken yet, and passing any version passes it.
        </p>
        {chosen.length ? (
          <ol className="mt-3 divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Scenarios in the module">
            {chosen.map((scenario, index) => (
              <li key={scenario.id} className="flex flex-wrap items-center gap-2 px-3 py-2">
                <span className="w-7 shrink-0 text-sm font-semibold text-slate-600" aria-hidden="true">
                  {index + 1}.
                </span>
                <span className="min-w-0 flex-1 text-slate-900">
                  {scenario.title}
                  {scenario.note && <span className="ml-2 text-sm text-slate-600">({scenario.note})</span>}
                </span>
                {/* On small screens the buttons take a row of their own under the title. */}
                <span className="flex w-full flex-wrap gap-2 pl-9 sm:w-auto sm:pl-0">
                  <button
                    type="button"
                    ref={(el) => void controls.current.set(`${scenario.id}:up`, el)}
                    onClick={() => move(index, -1)}
                    disabled={index === 0}
                    aria-label={`Move “${scenario.title}” up`}
                    className={buttonStyles.secondary}
                  >
                    <span aria-hidden="true">↑</span> Up
                  </button>
                  <button
                    type="button"
                    ref={(el) => void controls.current.set(`${scenario.id}:down`, el)}
                    onClick={() => move(index, 1)}
                    disabled={index === chosen.length - 1}
                    aria-label={`Move “${scenario.title}” down`}
                    className={buttonStyles.secondary}
                  >
                    <span aria-hidden="true">↓</span> Down
                  </button>
                  <button
                    type="button"
                    ref={(el) => void controls.current.set(`${scenario.id}:remove`, el)}
                    onClick={() => remove(index)}
                    aria-label={`Remove “${scenario.title}”`}
                    className={buttonStyles.quiet}
                  >
                    Remove
                  </button>
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="mt-3 rounded-md border border-dashed border-slate-300 px-3 py-3 text-sm text-slate-700">No scenarios yet: add at least one.</p>
        )}
        <div className="mt-3 flex flex-wrap items-end gap-2">
          <div className="min-w-56 flex-1">
            <label htmlFor={`${id}-add`} className={fieldLabel}>
              Scenario to add
            </label>
            <select ref={addSelect} id={`${id}-add`} value={toAdd} onChange={(e) => setToAdd(e.target.value)} className={textInput} disabled={!available.length}>
              <option value="">{available.length ? 'Choose a scenario' : 'Every scenario is in the module'}</option>
              {available.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.note ? `${s.title} (${s.note})` : s.title}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={add} disabled={!toAdd} className={buttonStyles.secondary}>
            Add scenario
          </button>
        </div>
        <p aria-live="polite" className="sr-only">
          {announcement}
        </p>
      </fieldset>

      {moduleId && (
        <p className="mt-6 rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-sm text-slate-800">
          Saving creates version {(version ?? 0) + 1}. People already assigned keep the version they were given; people assigned from now on get the new one.
        </p>
      )}
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} mt-4`}>
        {pending ? 'Saving…' : moduleId ? 'Save as a new version' : 'Create module'}
      </button>
      <FormOutcome error={error} done={saved} />
    </form>
  );
}
