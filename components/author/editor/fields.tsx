'use client';

import { memo, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useFieldErrors } from './field-problems';

/**
 * Labelled fields for the editor's forms. Each carries `data-path`, the JSON path of what it edits,
 * so a problem the checker reports at that path can move keyboard focus to it.
 */

export const labelStyle = 'block text-sm font-medium text-slate-800';
export const hintStyle = 'mt-1 text-xs text-slate-600';
/** A field the checker finds an error in is outlined (it has `aria-invalid`), its message beside it. */
export const inputStyle =
  'mt-1 block w-full rounded-md border border-slate-400 bg-white px-2.5 py-1.5 text-sm shadow-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 aria-[invalid=true]:border-2 aria-[invalid=true]:border-rose-700 aria-[invalid=true]:bg-rose-50/40';
export const smallButton =
  'inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-semibold text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 disabled:cursor-not-allowed disabled:opacity-50';
/** A group of fields that belong together: a choice, a junction's branch, the time-out. */
export const groupBox = 'rounded-md border border-slate-200 bg-slate-50 p-3';
export const dangerSmallButton =
  'inline-flex items-center gap-1 rounded-md border border-rose-300 bg-white px-2 py-1 text-xs font-semibold text-rose-800 shadow-sm hover:bg-rose-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 disabled:cursor-not-allowed disabled:opacity-50';

export const errorStyle = 'mt-1 text-xs font-medium text-rose-800';

/**
 * The technical name of what a field edits, for authors who also write the files in git: "In the
 * file: `meta.critical`." Given `code`, it is shown as code; otherwise the children are.
 */
export function InFile({ code, children }: { code?: string; children?: ReactNode }) {
  return <span className="text-slate-600"> In the file: {code !== undefined ? <code className="font-mono">{code}</code> : children}.</span>;
}

/** What a field's control is given by its frame: its id and what describes it. */
export interface ControlProps {
  id: string;
  'data-path': string | undefined;
  disabled: boolean | undefined;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

/**
 * The frame every field of the editor stands in: the label tied to the control, a hint and an
 * error message below it (or the hint above, `hintFirst`), both named by the control's
 * `aria-describedby`, and `aria-invalid` while there is an error: one the field found itself
 * (`error`, announced), or what the checker found at its `path` (said in the problems panel's
 * status, so not announced again here). The control itself comes from
 * `children`, given the props that wire it in. A checkbox (`checkbox`) stands before its label.
 */
export function Field({
  id: givenId,
  path,
  disabled,
  label,
  hint,
  error,
  className,
  labelClassName = labelStyle,
  errorClassName = errorStyle,
  hintFirst = false,
  checkbox = false,
  children,
}: {
  /** A fixed id for the control, where something else refers to it; otherwise one is made. */
  id?: string;
  /** The JSON path of what the control edits, as its `data-path`: a problem found there moves focus to it. */
  path?: string;
  disabled?: boolean;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  labelClassName?: string;
  errorClassName?: string;
  hintFirst?: boolean;
  checkbox?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const madeId = useId();
  const id = givenId ?? madeId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const checkerId = `${id}-checker`;
  const checkerErrors = useFieldErrors(path);
  const describedBy = [checkerErrors.length ? checkerId : null, error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  const control = children({
    id,
    'data-path': path,
    disabled,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': error || checkerErrors.length ? true : undefined,
  });
  const labelElement = (
    <label htmlFor={id} className={labelClassName}>
      {label}
    </label>
  );
  const hintElement = hint ? (
    <p id={hintId} className={hintStyle}>
      {hint}
    </p>
  ) : null;
  return (
    <div className={className}>
      {checkbox ? (
        <div className="flex items-start gap-2">
          {control}
          {labelElement}
        </div>
      ) : (
        <>
          {labelElement}
          {hintFirst && hintElement}
          {control}
        </>
      )}
      {!hintFirst && hintElement}
      {error ? (
        <p id={errorId} role="alert" className={errorClassName}>
          {error}
        </p>
      ) : null}
      {checkerErrors.length ? (
        <p id={checkerId} className={errorStyle} data-checker-error>
          <span aria-hidden="true">✕ </span>
          {checkerErrors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

interface FieldBase {
  label: string;
  path: string;
  hint?: ReactNode;
  className?: string;
  disabled?: boolean;
}

export function TextField({
  label,
  path,
  hint,
  className,
  disabled,
  value,
  onChange,
  maxLength,
}: FieldBase & { value: string; onChange: (value: string) => void; maxLength?: number }) {
  return (
    <Field label={label} path={path} disabled={disabled} hint={hint} className={className}>
      {(control) => <input {...control} type="text" value={value} maxLength={maxLength} onChange={(event) => onChange(event.target.value)} className={inputStyle} />}
    </Field>
  );
}

/**
 * Text over several lines, as tall as its text: CSS `field-sizing: content` where the browser has
 * it, else the height follows the text after each change. `rows` is the least it shows.
 */
export function TextArea({ label, path, hint, className, disabled, value, onChange, rows = 2 }: FieldBase & { value: string; onChange: (value: string) => void; rows?: number }) {
  const area = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const element = area.current;
    if (!element || CSS.supports('field-sizing', 'content')) return;
    element.style.height = 'auto';
    element.style.height = `${element.scrollHeight + 2}px`;
  }, [value]);
  return (
    <Field label={label} path={path} disabled={disabled} hint={hint} className={className}>
      {(control) => (
        <textarea
          {...control}
          ref={area}
          value={value}
          rows={rows}
          onChange={(event) => onChange(event.target.value)}
          className={`${inputStyle} max-h-96 resize-y field-sizing-content`}
          style={{ minHeight: `calc(${rows}lh + 0.875rem)` }}
        />
      )}
    </Field>
  );
}

/** A yes-or-no setting: a checkbox with its label beside it and the hint below. */
export function CheckboxField({ label, path, hint, className, disabled, checked, onChange }: FieldBase & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Field label={label} path={path} disabled={disabled} hint={hint} className={className} checkbox>
      {(control) => (
        <input
          {...control}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          className="mt-0.5 h-5 w-5 shrink-0 rounded border-slate-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700"
        />
      )}
    </Field>
  );
}

/**
 * A whole number. What is typed is kept as typed, and passed on once it is a number (or empty,
 * which means "not set"), so a half-typed "-" is not lost.
 */
export function NumberField({
  label,
  path,
  hint,
  className,
  disabled,
  value,
  onChange,
  min,
  max,
}: FieldBase & { value: number | undefined; onChange: (value: number | undefined) => void; min: number; max: number }) {
  const [typed, setTyped] = useTypedText(
    value,
    (number) => (number === undefined ? '' : String(number)),
    (text, number) => parseWhole(text) === number,
  );
  return (
    <Field label={label} path={path} disabled={disabled} hint={hint} className={className}>
      {(control) => (
        <input
          {...control}
          type="number"
          inputMode="numeric"
          step={1}
          min={min}
          max={max}
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value);
            const parsed = parseWhole(event.target.value);
            if (parsed !== null) onChange(parsed);
          }}
          className={inputStyle}
        />
      )}
    </Field>
  );
}

/**
 * The text of a field that is kept as typed while it still means `value` ("05" for 5, a half-typed
 * "-"). When `value` changes from elsewhere (undo, the raw JSON) to something the text does not
 * mean, the text becomes `show(value)`: adjusted while rendering, as React recommends for state
 * that follows a prop, rather than in an effect after the wrong text was shown.
 */
export function useTypedText<V>(value: V, show: (value: V) => string, means: (typed: string, value: V) => boolean) {
  const [typed, setTyped] = useState(() => show(value));
  const [typedFor, setTypedFor] = useState(value);
  if (!Object.is(typedFor, value)) {
    setTypedFor(value);
    if (!means(typed, value)) setTyped(show(value));
  }
  return [typed, setTyped] as const;
}

/** A whole number, undefined for empty, null for anything else. */
function parseWhole(text: string): number | undefined | null {
  if (text.trim() === '') return undefined;
  const number = Number(text);
  return Number.isInteger(number) ? number : null;
}

/** A select's options, skipped when re-rendered with the same list (a target select lists every state). */
const Options = memo(function Options({ options }: { options: { value: string; label: string }[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
});

export function SelectField({
  label,
  path,
  hint,
  className,
  disabled,
  value,
  onChange,
  options,
  placeholder,
}: FieldBase & { value: string; onChange: (value: string) => void; options: { value: string; label: string }[]; placeholder?: string }) {
  const known = options.some((o) => o.value === value);
  return (
    <Field label={label} path={path} disabled={disabled} hint={hint} className={className}>
      {(control) => (
        <select {...control} value={value} onChange={(event) => onChange(event.target.value)} className={inputStyle}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {!known && value !== '' && <option value={value}>{value} (no such state)</option>}
          <Options options={options} />
        </select>
      )}
    </Field>
  );
}

/**
 * A name that other things refer to (a state, a choice key): typed freely, applied with Enter or
 * the button, refused in words when it is taken or malformed.
 */
export function NameField({
  label,
  path,
  hint,
  value,
  problem,
  onRename,
  disabled,
}: {
  label: string;
  path: string;
  hint?: ReactNode;
  value: string;
  /** Why a name cannot be used, or null when it can. */
  problem: (name: string) => string | null;
  onRename: (name: string) => void;
  disabled?: boolean;
}) {
  const [typed, setTyped] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // Renamed (here, or by undo): the field shows the name it now has, and no error.
  const [typedFor, setTypedFor] = useState(value);
  if (typedFor !== value) {
    setTypedFor(value);
    setTyped(value);
    setError(null);
  }
  const apply = () => {
    const name = typed.trim();
    if (name === value) return;
    const why = problem(name);
    setError(why);
    if (!why) onRename(name);
  };
  return (
    <Field label={label} path={path} disabled={disabled} hint={hint} error={error}>
      {(control) => (
        <div className="mt-1 flex gap-2">
          <input {...control} type="text" value={typed} onChange={(event) => setTyped(event.target.value)} onKeyDown={onEnter(apply)} className={`${inputStyle} mt-0 font-mono`} />
          <button type="button" className={smallButton} onClick={apply} disabled={disabled || typed.trim() === value}>
            Rename
          </button>
        </div>
      )}
    </Field>
  );
}

/** A key handler for a one-line field whose Enter applies it (and does not submit a form). */
export const onEnter =
  (apply: () => void) =>
  (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    }
  };

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Why a step's name or a reply's short name cannot be used, or null. */
export function nameProblem(name: string, taken: string[], what: string): string | null {
  if (!name) return `Give the ${what} a name.`;
  if (!NAME.test(name)) return `A ${what}’s name is 1–64 letters, digits, "-" or "_", starting with a letter or digit.`;
  if (name === 'TIMEOUT') return 'TIMEOUT is kept for “no reply in time”: choose another name.';
  if (taken.includes(name)) return `There is already a ${what} named "${name}".`;
  return null;
}
