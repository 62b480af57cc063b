import type { ReactNode } from 'react';
import { fieldHint, fieldLabel, textInput } from '@/components/ui/form-styles';
import { LiveFilterForm } from './LiveFilterForm';

/**
 * A list's filters as a GET form that applies as it changes: the URL holds them, so a view works
 * without script and can be bookmarked or shared. "Clear the filters" shows only while some filter is set.
 */
export function FilterForm({ action, label, filtered, children }: { action: string; label: string; filtered: boolean; children: ReactNode }) {
  return (
    <LiveFilterForm action={action} label={label} filtered={filtered} submitLabel="Show" className="flex flex-wrap items-end gap-3">
      {children}
    </LiveFilterForm>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** One filter chosen from a list, with a first option that means "any". */
export function FilterSelect({
  id,
  name,
  label,
  value,
  anyLabel,
  options,
  className = '',
}: {
  id: string;
  name: string;
  label: string;
  value: string | null | undefined;
  anyLabel: string;
  options: readonly FilterOption[];
  className?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className={fieldLabel}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className={`${textInput} ${className}`.trim()}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Each text as both the value and the label: teams, for instance. */
export const plainOptions = (texts: readonly string[]): FilterOption[] => texts.map((text) => ({ value: text, label: text }));

/** One filter typed in, with an optional hint under it. */
export function FilterText({
  id,
  name,
  label,
  value,
  hint,
  describedBy,
  type = 'text',
  className = '',
}: {
  id: string;
  name: string;
  label: string;
  value: string | null | undefined;
  hint?: string;
  /** The id of a hint shared with other fields, when this field has none of its own. */
  describedBy?: string;
  type?: 'text' | 'search' | 'date';
  className?: string;
}) {
  const hintId = hint ? `${id}-hint` : describedBy;
  return (
    <div className={className || undefined}>
      <label htmlFor={id} className={fieldLabel}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={value ?? ''}
        autoComplete="off"
        spellCheck={type === 'date' ? undefined : false}
        aria-describedby={hintId}
        className={textInput}
      />
      {hint && (
        <p id={hintId} className={fieldHint}>
          {hint}
        </p>
      )}
    </div>
  );
}
