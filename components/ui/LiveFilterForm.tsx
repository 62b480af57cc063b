'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import { useIsLive } from '@/components/ui/use-browser-value';

/** Typing waits this long after the last key before the list follows; a pick applies at once. */
const TYPING_PAUSE_MS = 500;

/** The form's filled-in fields as a query string, empty ones left out, as the server reads them. */
export function filterQuery(form: HTMLFormElement): string {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim() !== '') query.append(name, value);
  return query.toString();
}

/** Sets the fields to a query: what a link to the page (a "clear" link, back) asks for. */
function showQuery(form: HTMLFormElement, query: URLSearchParams) {
  for (const field of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[name], select[name]')) {
    if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) field.checked = query.getAll(field.name).includes(field.value);
    else if (!(field instanceof HTMLInputElement && field.type === 'hidden')) field.value = query.get(field.name) ?? '';
  }
}

const appliesAtOnce = (target: EventTarget) =>
  target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio'));

/**
 * A list's filters that apply as they change: the page's address is replaced with the form's
 * query, so the URL stays the state (bookmarks, sharing, back links) and the server renders the
 * list. Without script it is the plain GET form it renders, with its submit button; once script
 * runs the button is hidden, since every change applies itself. The page announces the new count
 * in a live region of its own.
 */
export function LiveFilterForm({
  action,
  submitLabel,
  filtered,
  clearLabel = 'Clear the filters',
  className,
  actionsClassName = '',
  label,
  labelledBy,
  children,
}: {
  action: string;
  submitLabel: string;
  /** Some filter is set: offer to clear them. */
  filtered: boolean;
  clearLabel?: string;
  className?: string;
  /** Where the submit and clear buttons sit in the form's layout. */
  actionsClassName?: string;
  label?: string;
  labelledBy?: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const current = useSearchParams().toString();
  const live = useIsLive();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<number | undefined>(undefined);
  /** Queries this form asked for: an address it did not ask for came from a link, and the fields follow it. */
  const asked = useRef(new Set<string>());
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    const form = formRef.current;
    if (!form || pathname !== action || asked.current.has(current) || filterQuery(form) === current) return;
    showQuery(form, new URLSearchParams(current));
  }, [action, current, pathname]);

  const apply = (delay: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const query = filterQuery(form);
      if (pathname === action && query === current) return;
      asked.current.add(query);
      router.replace(query ? `${action}?${query}` : action, { scroll: false });
    }, delay);
  };

  const onChange = (event: ChangeEvent<HTMLFormElement>) => apply(appliesAtOnce(event.target) ? 0 : TYPING_PAUSE_MS);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(0);
  };
  const clear = () => {
    const form = formRef.current;
    if (!form) return;
    showQuery(form, new URLSearchParams());
    apply(0);
    form.querySelector<HTMLElement>('input:not([type=hidden]), select')?.focus();
  };

  return (
    <form ref={formRef} method="get" action={action} role="search" aria-label={label} aria-labelledby={labelledBy} onChange={onChange} onSubmit={onSubmit} className={className}>
      {children}
      <div className={`flex flex-wrap items-center gap-3 ${actionsClassName}`.trim()}>
        <button type="submit" hidden={live} className={buttonStyles.primary}>
          {submitLabel}
        </button>
        {filtered &&
          (live ? (
            <button type="button" onClick={clear} className={buttonStyles.quiet}>
              {clearLabel}
            </button>
          ) : (
            <Link href={action} className={buttonStyles.quiet}>
              {clearLabel}
            </Link>
          ))}
      </div>
    </form>
  );
}
