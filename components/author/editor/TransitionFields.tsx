'use client';

import { useId } from 'react';
import { MOOD_MAX, MOOD_MIN, POINTS_MAX, POINTS_MIN } from '@/machines/format';
import { formatPath, type PathSegment } from '@/machines/json-path';
import { principleName } from '@/machines/principles';
import {
  flagsOf,
  GUARD_LABELS,
  isMoodGuard,
  moodOf,
  pointsOf,
  setFeedback,
  setFlags,
  setGuardParam,
  setGuardType,
  setMood,
  setPoints,
  text,
  type DraftTransition,
  type GuardType,
} from './draft-edits';
import { InFile, NumberField, SelectField, TextArea, TextField, hintStyle, labelStyle } from './fields';

export interface TargetOption {
  value: string;
  label: string;
}

/** The condition of an outcome or of an automatic branch's way on. */
export function GuardFields({
  transition,
  path,
  onChange,
  noneLabel = 'Always (no condition)',
}: {
  transition: DraftTransition;
  path: PathSegment[];
  onChange: (change: (t: DraftTransition) => void) => void;
  noneLabel?: string;
}) {
  const guard = transition.guard;
  const type = typeof guard?.type === 'string' ? guard.type : '';
  const guardPath = [...path, 'guard'];
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      <SelectField
        label="Condition"
        hint={
          <>
            <InFile code="guard" />
          </>
        }
        path={formatPath(guardPath)}
        value={type}
        onChange={(value) => onChange((t) => setGuardType(t, value as GuardType | ''))}
        options={[{ value: '', label: noneLabel }, ...Object.entries(GUARD_LABELS).map(([value, label]) => ({ value, label }))]}
      />
      {type !== '' &&
        (isMoodGuard(type) ? (
          <NumberField
            label="Mood value"
            path={formatPath([...guardPath, 'params', 'value'])}
            value={typeof guard?.params?.value === 'number' ? guard.params.value : undefined}
            min={MOOD_MIN}
            max={MOOD_MAX}
            hint={`From ${MOOD_MIN} (furious) to ${MOOD_MAX} (delighted).`}
            onChange={(value) => onChange((t) => setGuardParam(t, value ?? 0))}
          />
        ) : (
          <TextField
            label="What was remembered"
            path={formatPath([...guardPath, 'params', 'flag'])}
            value={text(guard?.params?.flag)}
            hint={
              <>
                As an earlier reply remembered it: lower-case words joined by “-”, e.g. promised-callback.
                <InFile>a flag</InFile>
              </>
            }
            onChange={(value) => onChange((t) => setGuardParam(t, value))}
          />
        ))}
    </div>
  );
}

/** What a reply (or no reply in time) changes: points per principle, the customer's mood, what to remember. In the file: its actions. */
export function EffectFields({
  transition,
  path,
  principles,
  onChange,
}: {
  transition: DraftTransition;
  path: PathSegment[];
  principles: string[];
  onChange: (change: (t: DraftTransition) => void) => void;
}) {
  const id = useId();
  const points = pointsOf(transition);
  const actionsPath = formatPath([...path, 'actions']);
  const named = [...principles, ...Object.keys(points).filter((p) => !principles.includes(p))];
  return (
    <div className="grid gap-3">
      <fieldset aria-describedby={`${id}-points-hint`}>
        <legend className={labelStyle}>Points per principle</legend>
        <p id={`${id}-points-hint`} className={hintStyle}>
          From {POINTS_MIN} to {POINTS_MAX}; leave empty when the reply does not touch that principle.
          <InFile code="actions: score" />
        </p>
        <div className="mt-1 grid grid-cols-2 gap-2 sm:grid-cols-4">
          {named.map((principle) => (
            <NumberField
              key={principle}
              label={principleName(principle)}
              path={actionsPath}
              value={points[principle]}
              min={POINTS_MIN}
              max={POINTS_MAX}
              onChange={(value) => onChange((t) => setPoints(t, principle, value))}
            />
          ))}
          {named.length === 0 && <p className="col-span-full text-sm text-slate-700">Choose the scenario&rsquo;s principles in its settings first.</p>}
        </div>
      </fieldset>
      <div className="grid gap-2 sm:grid-cols-2">
        <NumberField
          label="Mood change"
          path={actionsPath}
          value={moodOf(transition)}
          min={MOOD_MIN}
          max={MOOD_MAX}
          hint={
            <>
              How the customer&rsquo;s mood moves, −5 to 5.
              <InFile code="actions: mood" />
            </>
          }
          onChange={(value) => onChange((t) => setMood(t, value === 0 ? undefined : value))}
        />
        <TextField
          label="Remember that…"
          path={actionsPath}
          value={flagsOf(transition).join(', ')}
          hint={
            <>
              Something said that later steps can check, as a short name, e.g. promised-callback. Separate several with commas.
              <InFile>
                flags, <code className="font-mono">actions: remember</code>
              </InFile>
            </>
          }
          onChange={(value) =>
            onChange((t) =>
              setFlags(
                t,
                value
                  .split(',')
                  .map((flag) => flag.trim())
                  .filter((flag, i, all) => flag !== '' || i === all.length - 1),
              ),
            )
          }
        />
      </div>
    </div>
  );
}

export function TargetField({
  transition,
  path,
  targets,
  onChange,
  label = 'Next step',
}: {
  transition: DraftTransition;
  path: PathSegment[];
  targets: TargetOption[];
  onChange: (change: (t: DraftTransition) => void) => void;
  label?: string;
}) {
  return (
    <SelectField
      label={label}
      path={formatPath([...path, 'target'])}
      value={text(transition.target)}
      placeholder="— choose the next step —"
      hint={<InFile code="target" />}
      options={targets}
      onChange={(value) =>
        onChange((t) => {
          t.target = value;
        })
      }
    />
  );
}

export function FeedbackField({
  transition,
  path,
  onChange,
  label = 'Feedback',
}: {
  transition: DraftTransition;
  path: PathSegment[];
  onChange: (change: (t: DraftTransition) => void) => void;
  label?: string;
}) {
  return (
    <TextArea
      label={label}
      path={formatPath([...path, 'meta', 'feedback'])}
      value={text(transition.meta?.feedback)}
      hint={
        <>
          Why this helps or hurts, as the coach tells the trainee.
          <InFile code="meta.feedback" />
        </>
      }
      onChange={(value) => onChange((t) => setFeedback(t, value))}
    />
  );
}
