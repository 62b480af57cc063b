'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import type { CheckMessage, CheckWarning } from '@/machines/checker';
import { WARNING_REASONS } from '@/machines/design-warnings';
import { LocalTime } from '@/components/ui/LocalTime';
import { CHANGE_NOTE_MAX } from '@/lib/authoring-limits';
import { buttonStyles } from '@/components/ui/styles';
import { Field, hintStyle, inputStyle } from './fields';
import { describePath } from './problem-paths';
import type { AsJson } from '@/lib/as-json';
import type { PublishedVersionSummary } from '@/server/studio/authoring';

/** A published version as the editor holds it. */
export type VersionRow = AsJson<PublishedVersionSummary>;

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { errors?: CheckMessage[]; warnings?: CheckWarning[]; revision?: number } };
}

/** The warnings as one string: a confirmation holds only for the warnings the trainer saw. */
const warningsKey = (warnings: readonly CheckWarning[]) => JSON.stringify(warnings.map((w) => [w.code, w.path, w.message]));

/**
 * Publishing makes the saved draft an immutable version for new attempts. The editor's text is
 * saved first, so what is published is exactly what the author sees and the checker passed.
 */
export function PublishPanel({
  scenarioId,
  errors,
  warnings,
  checking,
  versions,
  archived,
  saveNow,
  onPublished,
  onGoTo,
}: {
  scenarioId: string;
  errors: number;
  /** The design warnings the checker finds in the draft as it stands. */
  warnings: CheckWarning[];
  checking: boolean;
  versions: VersionRow[];
  archived: boolean;
  /** Saves the editor's text: the revision that holds it, or null when it could not be saved. */
  saveNow: () => Promise<number | null>;
  onPublished: (version: VersionRow) => void;
  /** Shows a warning's place in the editor. */
  onGoTo: (path: string) => void;
}) {
  const id = useId();
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string; errors?: CheckMessage[] } | null>(null);
  // Warnings the server reported that this page's check did not show (it had not caught up).
  const [serverWarnings, setServerWarnings] = useState<CheckWarning[]>([]);
  const shownWarnings = warnings.length ? warnings : serverWarnings;
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  const confirmed = shownWarnings.length > 0 && confirmedFor === warningsKey(shownWarnings);
  const confirmBox = useRef<HTMLInputElement>(null);
  const blocked = errors > 0 || checking;

  async function publish(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) {
      setOutcome({ ok: false, message: 'Say in a few words what changed: the note is kept with the version.' });
      return;
    }
    if (shownWarnings.length > 0 && !confirmed) {
      setOutcome({
        ok: false,
        message: `Look at the ${shownWarnings.length === 1 ? 'warning' : `${shownWarnings.length} warnings`} above, then tick the box to confirm that you publish anyway.`,
      });
      confirmBox.current?.focus();
      return;
    }
    setPending(true);
    setOutcome(null);
    const revision = await saveNow();
    if (revision === null) {
      setPending(false);
      setOutcome({ ok: false, message: 'The draft could not be saved, so nothing was published. See the save status at the top.' });
      return;
    }
    const response = await fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ revision, changeNote: note.trim(), ...(confirmed ? { acknowledgeWarnings: true } : {}) }),
    }).catch(() => null);
    setPending(false);
    if (!response) {
      setOutcome({ ok: false, message: 'Could not reach the server. Nothing was published; try again.' });
      return;
    }
    if (response.ok) {
      const { version, created } = (await response.json()) as { version: number; created: boolean };
      const published = { version, publishedAt: new Date().toISOString(), publishedBy: 'you', changeNote: note.trim() };
      if (created) onPublished(published);
      setOutcome({
        ok: true,
        message: created
          ? `Published as version ${version}. New attempts use it; attempts already started finish on their version.`
          : `This revision is already published as version ${version}.`,
      });
      setNote('');
      setConfirmedFor(null);
      setServerWarnings([]);
      return;
    }
    const body = ((await response.json().catch(() => null)) ?? {}) as ErrorBody;
    const code = body.error?.code;
    if (code === 'unacknowledged-warnings') {
      setServerWarnings(body.error?.details?.warnings ?? []);
      setConfirmedFor(null);
      setOutcome({ ok: false, message: body.error?.message ?? 'The draft has warnings to confirm. Nothing was published.' });
      return;
    }
    setOutcome({
      ok: false,
      message:
        code === 'draft-changed'
          ? `Someone saved revision ${body.error?.details?.revision ?? 'a newer one'} meanwhile. Nothing was published: look at the newer draft (reload the page), then publish.`
          : (body.error?.message ?? `The server answered ${response.status}. Nothing was published.`),
      errors: body.error?.details?.errors,
    });
  }

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <section aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`} className="text-base font-semibold">
          Publish
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Publishing makes the saved draft version {versions.length ? versions[0]!.version + 1 : 1}: new attempts use it, and attempts already started finish on theirs. The draft
          stays editable.
        </p>
        {archived && (
          <p className="mt-2 rounded-md border border-slate-300 bg-slate-50 p-2 text-sm text-slate-800">
            This scenario is archived: trainees do not see it in the library until it is brought back on the studio list.
          </p>
        )}
        <form onSubmit={(event) => void publish(event)} className="mt-3 grid gap-3" noValidate>
          <Field
            id={`${id}-note`}
            label="Change note"
            hint={`What changed and why, in up to ${CHANGE_NOTE_MAX} characters. Kept with the version, and as the note of the revision published unless it has one.`}
          >
            {(control) => <textarea {...control} value={note} rows={3} maxLength={CHANGE_NOTE_MAX} onChange={(event) => setNote(event.target.value)} className={inputStyle} />}
          </Field>
          {shownWarnings.length > 0 && errors === 0 && (
            <section aria-labelledby={`${id}-warnings`} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
              <h3 id={`${id}-warnings`} className="font-semibold">
                <span aria-hidden="true">⚠ </span>
                {shownWarnings.length === 1 ? '1 warning' : `${shownWarnings.length} warnings`} to look at before publishing
              </h3>
              <p className="mt-1">Warnings do not stop publishing: the scenario works. But each may teach badly or confuse trainees, so look at them first.</p>
              <ul className="mt-2 space-y-2">
                {shownWarnings.map((w, i) => (
                  <li key={`${w.code}-${w.path}-${i}`} className="rounded-md border border-amber-200 bg-white p-2">
                    <p>
                      <code className="font-mono text-xs">{w.code}</code> · <span className="font-medium">{describePath(w.path)}</span>: {w.message}
                    </p>
                    <p className="mt-1 text-xs">
                      <span className="font-semibold">Why this matters: </span>
                      {WARNING_REASONS[w.code] ?? ''}
                    </p>
                    <button type="button" className="mt-1 text-xs font-semibold text-brand-800 underline underline-offset-2" onClick={() => onGoTo(w.path)}>
                      Show in the editor<span className="sr-only">: {describePath(w.path)}</span>
                    </button>
                  </li>
                ))}
              </ul>
              <div className="mt-3 flex items-start gap-2">
                <input
                  ref={confirmBox}
                  id={`${id}-confirm`}
                  type="checkbox"
                  className="mt-0.5 h-5 w-5 shrink-0"
                  checked={confirmed}
                  onChange={(event) => setConfirmedFor(event.target.checked ? warningsKey(shownWarnings) : null)}
                />
                <label htmlFor={`${id}-confirm`} className="font-medium">
                  I have looked at {shownWarnings.length === 1 ? 'the warning' : `the ${shownWarnings.length} warnings`} and want to publish anyway
                </label>
              </div>
            </section>
          )}
          <div>
            <button type="submit" className={buttonStyles.primary} disabled={blocked || pending} aria-describedby={`${id}-why`}>
              {pending ? 'Publishing…' : 'Save and publish'}
            </button>
            <p id={`${id}-why`} className={`${hintStyle} mt-2`}>
              {checking
                ? 'Checking the latest edits…'
                : errors > 0
                  ? `Publishing is not possible while the checker finds ${errors} ${errors === 1 ? 'error' : 'errors'}: fix them first (see Problems).`
                  : shownWarnings.length > 0
                    ? `The checker finds no errors and ${shownWarnings.length === 1 ? '1 warning' : `${shownWarnings.length} warnings`}: ${confirmed ? 'confirmed' : 'confirm above to publish'}.`
                    : 'The checker finds no errors or warnings.'}
            </p>
          </div>
        </form>
        <div role="status" className="mt-3 text-sm">
          {outcome && (
            <div className={`rounded-md border p-3 ${outcome.ok ? 'border-emerald-300 bg-emerald-50 text-emerald-950' : 'border-rose-300 bg-rose-50 text-rose-900'}`}>
              <p className="font-medium">{outcome.message}</p>
              {outcome.errors && outcome.errors.length > 0 && (
                <ul className="mt-1 list-disc pl-5">
                  {outcome.errors.map((e, i) => (
                    <li key={i}>
                      {describePath(e.path)}: {e.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </section>
      <section aria-labelledby={`${id}-versions`}>
        <h2 id={`${id}-versions`} className="text-base font-semibold">
          Published versions
        </h2>
        {versions.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">Not published yet.</p>
        ) : (
          <ol className="mt-1 space-y-2 text-sm">
            {versions.map((v) => (
              <li key={v.version} className="rounded-md border border-slate-200 p-2">
                <p className="font-semibold">
                  Version {v.version}{' '}
                  <a
                    className="ml-1 font-normal text-brand-800 underline underline-offset-2"
                    href={`/api/author/scenarios/${encodeURIComponent(scenarioId)}/versions/${v.version}/file`}
                  >
                    Download version {v.version} as a file
                  </a>
                </p>
                <p className="text-slate-700">
                  {v.publishedBy ?? 'someone'}, <LocalTime iso={v.publishedAt} />
                </p>
                {v.changeNote && <p className="mt-1 text-slate-900">{v.changeNote}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
