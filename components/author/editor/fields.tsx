'use client';

import { memo, useEffect, useId, useState, type ReactNode } from 'react';

/**
 * Labelled fields for the editor's forms. Each carries `data-path`, the JSON path of what it edits,
 * so a problem the checker reports at that path can move keyboard focus to it.
 */

export const labelStyle = 'block text-sm font-medium text-slate-800';
export const hintStyle = 'mt-1 text-xs text-slate-600';
export const inputStyle =
  'mt-1 block w-full rounded-md border border-slate-400 bg-white px-2.5 py-1.5 text-sm shadow-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700';
export const smallButton =
  'inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-semibold text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 disabled:cursor-not-allowed disabled:opacity-50';
/** A group of fields that belong together: a choice, a junction's branch, the time-out. */
export const groupBox = 'rounded-md border border-slate-200 bg-slate-50 p-3';
export const dangerSmallButton =
  'inline-flex items-center gap-1 rounded-md border border-rose-300 bg-white px-2 py-1 text-xs font-semibold text-rose-800 shadow-sm hover:bg-rose-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 disabled:cursor-not-allowed disabled:opacity-50';

interface FieldBase {
  label: string;
  path: string;
  hint?: ReactNode;
  className?: string;
  disabled?: boolean;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={id} className={hintStyle}>
      {hint}
    </p>
  ) : null;
}

export function TextField({ label, path, hint, className, disabled, value, onChange, maxLength }: FieldBase & { value: string; onChange: (value: string) => void; maxLength?: number }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <input
        id={id}
        data-path={path}
        type="text"
        value={value}
        maxLength={maxLength}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
        className={inputStyle}
      />
      <Hint id={`${id}-hint`} hint={hint} />
    </div>
  );
}

export function TextArea({ label, path, hint, className, disabled, value, onChange, rows = 2 }: FieldBase & { value: string; onChange: (value: string) => void; rows?: number }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <textarea
        id={id}
        data-path={path}
        value={value}
        rows={rows}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
        className={inputStyle}
      />
      <Hint id={`${id}-hint`} hint={hint} />
    </div>
  );
}

/** A yes-or-no setting: a checkbox with its label beside it and the hint below. */
export function CheckboxField({ label, path, hint, className, disabled, checked, onChange }: FieldBase & { checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className={className}>
      <div className="flex items-start gap-2">
        <input
          id={id}
          data-path={path}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(event) => onChange(event.target.checked)}
          className="mt-0.5 h-5 w-5 shrink-0 rounded border-slate-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700"
        />
        <label htmlFor={id} className={labelStyle}>
          {label}
        </label>
      </div>
      <Hint id={`${id}-hint`} hint={hint} />
    </div>
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
  const id = useId();
  const [typed, setTyped] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setTyped((current) => (parseWhole(current) === value ? current : value === undefined ? '' : String(value)));
  }, [value]);
  return (
    <div className={className}>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <input
        id={id}
        data-path={path}
        type="number"
        inputMode="numeric"
        step={1}
        min={min}
        max={max}
        value={typed}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => {
          setTyped(event.target.value);
          const parsed = parseWhole(event.target.value);
          if (parsed !== null) onChange(parsed);
        }}
        className={inputStyle}
      />
      <Hint id={`${id}-hint`} hint={hint} />
    </div>
  );
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
  const id = useId();
  const known = options.some((o) => o.value === value);
  return (
    <div className={className}>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <select
        id={id}
        data-path={path}
        value={value}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
        className={inputStyle}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {!known && value !== '' && <option value={value}>{value} (no such state)</option>}
        <Options options={options} />
      </select>
      <Hint id={`${id}-hint`} hint={hint} />
    </div>
  );
}

/**
 * A name that other things refer to (a state, a choice key): typed freely, applied with Enter or
 * the button, refused in words when it is taken or malformed.
 */
export function NameField({
  label,
  path,
  value,
  problem,
  onRename,
  disabled,
}: {
  label: string;
  path: string;
  value: string;
  /** Why a name cannot be used, or null when it can. */
  problem: (name: string) => string | null;
  onRename: (name: string) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [typed, setTyped] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setTyped(value);
    setError(null);
  }, [value]);
  const apply = () => {
    const name = typed.trim();
    if (name === value) return;
    const why = problem(name);
    setError(why);
    if (!why) onRename(name);
  };
  return (
    <div>
      <label htmlFor={id} className={labelStyle}>
        {label}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id={id}
          data-path={path}
          type="text"
          value={typed}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              apply();
            }
          }}
          className={`${inputStyle} mt-0 font-mono`}
        />
        <button type="button" className={smallButton} onClick={apply} disabled={disabled || typed.trim() === value}>
          Rename
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs font-medium text-rose-800">
          {error}
        </p>
      )}
    </div>
  );
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Why a state name or choice key cannot be used, or null. */
export function nameProblem(name: string, taken: string[], what: string): string | null {
  if (!name) return `Give the ${what} a name.`;
  if (!NAME.test(name)) return `A ${what} name is 1–64 letters, digits, "-" or "_", starting with a letter or digit.`;
  if (name === 'TIMEOUT') return 'TIMEOUT is reserved for the time-out.';
  if (taken.includes(name)) return `There is already a ${what} named "${name}".`;
  return null;
}
