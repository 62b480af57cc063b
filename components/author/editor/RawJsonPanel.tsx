'use client';

import { useEffect, useRef, useState } from 'react';
import type { CheckResult } from '@/machines/checker';
import { Field } from './fields';
import { describePath } from './problem-paths';

/**
 * The draft as JSON text, for those who prefer it. Typing here changes the draft as soon as the
 * text parses; until then the text is kept in the editor and this browser, and not saved.
 */
export function RawJsonPanel({
  text,
  textError,
  result,
  readOnly,
  onText,
}: {
  text: string;
  textError: string | null;
  result: CheckResult | null;
  readOnly: boolean;
  onText: (text: string) => void;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [line, setLine] = useState<number | null>(null);
  useEffect(() => {
    if (line === null || !area.current) return;
    // Put the caret at the start of the line the checker named.
    const offset =
      text
        .split('\n')
        .slice(0, line - 1)
        .join('\n').length + (line > 1 ? 1 : 0);
    area.current.focus();
    area.current.setSelectionRange(offset, offset);
    setLine(null);
  }, [line, text]);
  const problems = result ? [...result.errors.map((m) => ({ ...m, kind: 'Error', code: null })), ...result.warnings.map((m) => ({ ...m, kind: 'Warning', code: m.code }))] : [];
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Field
        id="raw-json"
        label="Raw JSON"
        labelClassName="block text-base font-semibold"
        hintFirst
        hint={
          <>
            The same <code>frontline.scenario/1</code> document the forms edit (docs/scenario-format.md). Changes apply as soon as the text is valid JSON; text that is not is kept
            here but not saved.
          </>
        }
        error={textError ? `Not saved: ${textError}` : null}
        errorClassName="mt-2 rounded-md border border-rose-300 bg-rose-50 p-2 text-sm text-rose-900"
      >
        {(control) => (
          <textarea
            {...control}
            ref={area}
            value={text}
            readOnly={readOnly}
            spellCheck={false}
            onChange={(event) => onText(event.target.value)}
            rows={28}
            className="mt-2 block w-full rounded-md border border-slate-400 bg-white p-3 font-mono text-xs leading-5 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700"
          />
        )}
      </Field>
      <section aria-labelledby="raw-problems-heading">
        <h2 id="raw-problems-heading" className="text-base font-semibold">
          Schema and checker
        </h2>
        {problems.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">{result ? 'No problems.' : 'Checking…'}</p>
        ) : (
          <ul className="mt-1 max-h-[36rem] space-y-1 overflow-y-auto text-sm">
            {problems.map((p, i) => {
              const at = /line (\d+)/.exec(p.message);
              return (
                <li key={i} className={`rounded-md border p-2 ${p.kind === 'Error' ? 'border-rose-300 bg-rose-50 text-rose-950' : 'border-amber-300 bg-amber-50 text-amber-950'}`}>
                  <span className="font-semibold">{p.kind}</span>
                  {p.code && <code className="font-mono"> {p.code}</code>} at <code className="break-all">{p.path}</code>
                  <span className="sr-only"> ({describePath(p.path)})</span>: {p.message}
                  {at && (
                    <button type="button" className="ml-1 underline underline-offset-2" onClick={() => setLine(Number(at[1]))}>
                      Go to line {at[1]}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
