'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { fieldHint, fieldLabel, textInput } from '@/components/ui/form-styles';
import { PEOPLE_SEARCH_MAX } from '@/lib/people-limits';

interface Match {
  id: string;
  name: string;
  email: string;
  team: string | null;
}

type Search = { state: 'idle' } | { state: 'searching' } | { state: 'done'; people: Match[]; more: boolean } | { state: 'failed'; message: string };

const WAIT_MS = 250;

/**
 * Finds a person by name or email as you type, and lists the matches as radio buttons named
 * `userId`: plain form controls, so choosing works with the keyboard and a screen reader without
 * a custom widget. The count of matches is announced.
 */
export function PersonPicker() {
  const id = useId();
  const [text, setText] = useState('');
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [chosen, setChosen] = useState<string | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const query = text.trim();
    // Blank text was answered as it was typed (see `type`).
    if (!query) return;
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      setSearch({ state: 'searching' });
      try {
        const response = await fetch(`/api/admin/users?q=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' } });
        const body = (await response.json()) as { people?: Match[]; more?: boolean; error?: { message: string } };
        // An answer to an older search is dropped: only the one for the current text counts.
        if (ticket !== latest.current) return;
        if (!response.ok || !body.people) setSearch({ state: 'failed', message: body.error?.message ?? `The search failed (${response.status}).` });
        else setSearch({ state: 'done', people: body.people, more: Boolean(body.more) });
      } catch {
        if (ticket === latest.current) setSearch({ state: 'failed', message: 'The search could not reach the server. Check the connection and type again.' });
      }
    }, WAIT_MS);
    return () => clearTimeout(timer);
  }, [text]);

  /** New text: a search waits for a pause in the typing; blank text clears the matches at once, and drops an answer still on its way. */
  function type(next: string) {
    setText(next);
    if (!next.trim()) {
      latest.current++;
      setSearch({ state: 'idle' });
    }
  }

  const people = search.state === 'done' ? search.people : [];
  // A choice stays only while it is among the matches shown.
  const selected = people.some((p) => p.id === chosen) ? chosen : null;
  const status =
    search.state === 'idle'
      ? ''
      : search.state === 'searching'
        ? 'Searching…'
        : search.state === 'failed'
          ? search.message
          : !people.length
            ? `Nobody active matches “${text.trim()}”.`
            : `${people.length}${search.more ? ' or more' : ''} ${people.length === 1 && !search.more ? 'person matches' : 'people match'}${search.more ? '; showing the first ' + people.length + ', type more to narrow it down' : ''}.`;

  return (
    <div className="sm:col-span-2">
      <label htmlFor={`${id}-search`} className={fieldLabel}>
        Find the person
      </label>
      <input
        id={`${id}-search`}
        type="search"
        autoComplete="off"
        value={text}
        onChange={(event) => type(event.target.value)}
        onKeyDown={(event) => {
          // Enter here would submit the form before anyone is chosen.
          if (event.key === 'Enter') event.preventDefault();
        }}
        aria-describedby={`${id}-hint ${id}-status`}
        className={`${textInput} max-w-md`}
        maxLength={PEOPLE_SEARCH_MAX}
      />
      <p id={`${id}-hint`} className={fieldHint}>
        Type part of their name or email, then choose them from the list.
      </p>
      <p id={`${id}-status`} role="status" className="mt-1 text-sm text-slate-700">
        {status}
      </p>
      {people.length > 0 && (
        <fieldset className="mt-2">
          <legend className="sr-only">Matching people</legend>
          <ul className="grid gap-1">
            {people.map((person) => (
              <li key={person.id}>
                <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm text-slate-900 hover:bg-brand-50">
                  <input type="radio" name="userId" value={person.id} checked={selected === person.id} onChange={() => setChosen(person.id)} className="h-4 w-4 accent-brand-700" />
                  <span>
                    <span className="font-medium">{person.name}</span> <span className="text-slate-600">{person.email}</span>
                    {person.team && <span className="text-slate-600"> · {person.team}</span>}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </div>
  );
}
