'use client';

import { CHANNELS, DIFFICULTIES, FEEDBACK_MODES, MOOD_MAX, MOOD_MIN } from '@/machines/format';
import { PRINCIPLES } from '@/machines/principles';
import { CHANNEL_LABELS, DIFFICULTY_LABELS, moodLabel } from '@/lib/labels';
import { setInitial, setMetaField, setOwnWords, setPersona, setPool, setPrinciples, setStartingMood, setTags, stateNames, text, type DraftDocument } from './draft-edits';
import { CheckboxField, Field, hintStyle, inputStyle, labelStyle, NumberField, SelectField, TextArea, TextField, useTypedText } from './fields';
import type { EditProps } from './edit-props';

const FEEDBACK_LABELS: Record<(typeof FEEDBACK_MODES)[number], string> = {
  immediate: 'Coaching: feedback after each reply',
  debrief: 'Assessment: all feedback in the debrief',
};

/** The scenario's own fields: what the library shows, who the customer is, how it is scored. */
export function SettingsForm({ doc, onEdit }: Omit<EditProps, 'announce'>) {
  const meta = doc.meta ?? {};
  const edit = (next: DraftDocument, key: string) => onEdit(next, `settings:${key}`);
  const principles = Array.isArray(meta.principles) ? meta.principles : [];
  return (
    <div className="grid gap-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Title" path="meta.title" value={text(meta.title)} onChange={(v) => edit(setMetaField(doc, 'title', v), 'title')} />
        <SelectField
          label="Channel"
          path="meta.channel"
          value={text(meta.channel)}
          options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
          onChange={(v) => edit(setMetaField(doc, 'channel', v), 'channel')}
        />
      </div>
      <TextArea
        label="Summary"
        path="meta.summary"
        value={text(meta.summary)}
        hint="One or two sentences for the library card."
        onChange={(v) => edit(setMetaField(doc, 'summary', v), 'summary')}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Customer's name" path="meta.persona.name" value={text(meta.persona?.name)} onChange={(v) => edit(setPersona(doc, 'name', v), 'persona-name')} />
        <TextField
          label="Customer's role"
          path="meta.persona.role"
          value={text(meta.persona?.role)}
          hint="e.g. Customer for nine years"
          onChange={(v) => edit(setPersona(doc, 'role', v), 'persona-role')}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Assessment pool id (optional)"
          path="meta.pool.id"
          value={text(meta.pool?.id)}
          hint="Scenarios with the same pool id are versions of one assessment, e.g. who-is-asking"
          onChange={(v) => edit(setPool(doc, 'id', v), 'pool-id')}
        />
        <TextField
          label="Assessment pool title"
          path="meta.pool.title"
          value={text(meta.pool?.title)}
          hint="e.g. Assessment: who is asking?"
          onChange={(v) => edit(setPool(doc, 'title', v), 'pool-title')}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Difficulty"
          path="meta.difficulty"
          value={text(meta.difficulty)}
          options={DIFFICULTIES.map((d) => ({ value: d, label: DIFFICULTY_LABELS[d] }))}
          onChange={(v) => edit(setMetaField(doc, 'difficulty', v), 'difficulty')}
        />
        <NumberField
          label="Minutes"
          path="meta.minutes"
          value={typeof meta.minutes === 'number' ? meta.minutes : undefined}
          min={1}
          max={60}
          onChange={(v) => edit(setMetaField(doc, 'minutes', v), 'minutes')}
        />
        <NumberField
          label="Pass mark (%)"
          path="meta.passPercent"
          value={typeof meta.passPercent === 'number' ? meta.passPercent : undefined}
          min={0}
          max={100}
          onChange={(v) => edit(setMetaField(doc, 'passPercent', v), 'pass')}
        />
      </div>
      <SelectField
        label="Feedback"
        path="meta.feedback"
        value={text(meta.feedback)}
        options={FEEDBACK_MODES.map((f) => ({ value: f, label: FEEDBACK_LABELS[f] }))}
        onChange={(v) => edit(setMetaField(doc, 'feedback', v), 'feedback')}
      />
      <CheckboxField
        label="Trainees type their replies in their own words"
        path="meta.ownWords"
        checked={meta.ownWords === true}
        hint={
          <>
            Each typed reply is matched to one of your replies by its words and examples, and the trainee confirms it; after two replies that match nothing, the list is shown. Give
            every reply at least three examples. In the file: <code className="font-mono">meta.ownWords</code>.
          </>
        }
        onChange={(checked) => edit(setOwnWords(doc, checked), 'own-words')}
      />
      <fieldset data-path="meta.principles">
        <legend className={labelStyle}>Principles scored</legend>
        <p className={hintStyle}>Every principle a reply gives points for must be listed here.</p>
        <ul className="mt-1 grid gap-1 sm:grid-cols-2">
          {PRINCIPLES.map((p) => (
            <li key={p.id}>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 h-4 w-4"
                  checked={principles.includes(p.id)}
                  onChange={(event) =>
                    edit(
                      setPrinciples(
                        doc,
                        event.target.checked ? PRINCIPLES.map((q) => q.id).filter((id) => id === p.id || principles.includes(id)) : principles.filter((id) => id !== p.id),
                      ),
                      `principle-${p.id}`,
                    )
                  }
                />
                <span>{p.name}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <TagsField doc={doc} onEdit={onEdit} />
      <div className="grid gap-3 sm:grid-cols-2">
        <NumberField
          label="Starting mood"
          path="context.mood"
          value={typeof doc.context?.mood === 'number' ? doc.context.mood : undefined}
          min={MOOD_MIN}
          max={MOOD_MAX}
          hint={`${MOOD_MIN} (furious) to ${MOOD_MAX} (delighted); empty is 0, ${moodLabel(0).toLowerCase()}.`}
          onChange={(v) => edit(setStartingMood(doc, v), 'mood')}
        />
        <SelectField
          label="First step"
          path="initial"
          value={text(doc.initial)}
          placeholder="— choose a step —"
          options={stateNames(doc).map((n) => ({ value: n, label: n }))}
          onChange={(v) => edit(setInitial(doc, v), 'initial')}
        />
      </div>
    </div>
  );
}

/** Tags are typed as a comma-separated list and kept as typed until they change. */
function TagsField({ doc, onEdit }: Omit<EditProps, 'announce'>) {
  const tags = Array.isArray(doc.meta?.tags) ? doc.meta.tags.map(text) : [];
  const joined = tags.join(', ');
  const [typed, setTyped] = useTypedText(
    joined,
    (text) => text,
    (text, value) => splitTags(text).join(', ') === value,
  );
  return (
    <Field id="scenario-tags" path="meta.tags" label="Tags (optional)" hint="Short words separated by commas, e.g. billing, phone.">
      {(control) => (
        <input
          {...control}
          type="text"
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value);
            onEdit(setTags(doc, splitTags(event.target.value)), 'settings:tags');
          }}
          className={inputStyle}
        />
      )}
    </Field>
  );
}

const splitTags = (value: string) =>
  value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
