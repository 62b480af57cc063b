/** The replies, numbered in the order shown; `event` is what choosing one sends back (a choice key, or an assessment's position). */
export function Choices({ options, onChoose, disabled }: { options: readonly { event: string; text: string | null }[]; onChoose: (event: string) => void; disabled: boolean }) {
  return (
    <ol className="mt-3 space-y-2">
      {/* Keyed by place: the next decision's replies reuse the buttons, and only their words change. */}
      {options.map((option, index) => (
        <li key={index}>
          <button
            type="button"
            // The second click of a double-click would land on whichever reply took the first one's
            // place, answering the next decision unread.
            onClick={(event) => event.detail < 2 && onChoose(option.event)}
            disabled={disabled}
            aria-keyshortcuts={String(index + 1)}
            // An assessment marks the reply pressed before it renders the answer (SealedPlayer's `markSent`).
            className="flex w-full items-start gap-3 rounded-lg border border-slate-300 bg-white p-3 text-left shadow-sm hover:border-brand-700 hover:bg-brand-50 disabled:opacity-60 group-data-sent:pointer-events-none group-data-sent:not-data-chosen:opacity-50 data-chosen:border-brand-700 data-chosen:bg-brand-50"
          >
            <span
              aria-hidden="true"
              className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md border border-slate-400 text-sm font-semibold tabular-nums text-slate-700"
            >
              {index + 1}
            </span>
            <span className="pt-0.5 text-slate-900">{option.text}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
