'use client';

import { useRef, type KeyboardEvent } from 'react';

export const EDITOR_TABS = [
  { id: 'edit', label: 'Edit' },
  { id: 'preview', label: 'Preview' },
  { id: 'raw', label: 'Raw JSON' },
  { id: 'revisions', label: 'Revisions' },
  { id: 'typed', label: 'Typed replies' },
  { id: 'publish', label: 'Publish' },
] as const;
export type EditorTab = (typeof EDITOR_TABS)[number]['id'];

/** Tabs that follow the ARIA pattern: arrows move between them, Tab goes into the panel. */
export function EditorTabs({ tab, onTab, readOnly, errors }: { tab: EditorTab; onTab: (tab: EditorTab) => void; readOnly: boolean; errors: number }) {
  const shown = EDITOR_TABS.filter((t) => !readOnly || t.id === 'edit' || t.id === 'preview' || t.id === 'raw' || t.id === 'typed');
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = shown.findIndex((t) => t.id === tab);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % shown.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + shown.length) % shown.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? shown.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    const id = shown[next]!.id;
    onTab(id);
    refs.current[id]?.focus();
  }
  return (
    <div role="tablist" aria-label="Editor views" onKeyDown={onKeyDown} className="flex flex-wrap gap-1 border-b border-slate-300">
      {shown.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          id={`tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={tab === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={tab === t.id ? 0 : -1}
          onClick={() => onTab(t.id)}
          className={`-mb-px rounded-t-md border px-3 py-1.5 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 ${
            tab === t.id ? 'border-slate-300 border-b-white bg-white text-slate-900' : 'border-transparent text-brand-800 hover:bg-brand-50'
          }`}
        >
          {t.label}
          {t.id === 'publish' && errors > 0 && <span className="sr-only"> (not possible: {errors} errors)</span>}
        </button>
      ))}
    </div>
  );
}
