'use client';

import { formatPath, type PathSegment } from '@/machines/json-path';
import { sayList, setSay, statesOf } from './draft-edits';
import type { EditProps } from './edit-props';
import { dangerSmallButton, hintStyle, smallButton, TextArea } from './fields';
import { ListItemButtons } from './ListItemButtons';

/** The customer's line or lines in a state, said in order: edit, add, move and remove them. */
export function CustomerLines({ doc, onEdit, announce, name, optional }: EditProps & { name: string; optional: boolean }) {
  const state = statesOf(doc)[name]!;
  const lines = sayList(state.meta?.say);
  const shown = lines.length === 0 && !optional ? [''] : lines;
  const several = Array.isArray(state.meta?.say);
  const path = (i: number): PathSegment[] => (several ? ['states', name, 'meta', 'say', i] : ['states', name, 'meta', 'say']);
  const write = (next: string[]) => onEdit((d) => setSay(d, name, next), `say:${name}:${next.length}`);
  const move = (i: number, delta: -1 | 1) => {
    const next = [...shown];
    [next[i + delta], next[i]] = [next[i]!, next[i + delta]!];
    write(next);
    announce(`Line ${i + 1} moved ${delta < 0 ? 'up' : 'down'} to line ${i + 1 + delta}.`);
  };
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-semibold text-slate-900">Customer {shown.length > 1 ? 'lines' : 'line'}</legend>
      {optional && shown.length === 0 && <p className={hintStyle}>An ending may close with a last line from the customer.</p>}
      {shown.map((line, i) => (
        <div key={i} className="grid gap-1">
          <TextArea
            label={shown.length > 1 ? `Line ${i + 1}` : 'What the customer says'}
            path={formatPath(path(i))}
            value={line}
            onChange={(value) => write(shown.map((l, j) => (j === i ? value : l)))}
          />
          {shown.length > 1 && (
            <ListItemButtons
              noun="line"
              index={i}
              count={shown.length}
              onMove={(delta) => move(i, delta)}
              onRemove={() => {
                write(shown.filter((_, j) => j !== i));
                announce(`Line ${i + 1} removed.`);
              }}
            />
          )}
        </div>
      ))}
      <div className="flex gap-2">
        <button
          type="button"
          className={smallButton}
          onClick={() => {
            write([...shown, '']);
            announce(`Line ${shown.length + 1} added.`);
          }}
        >
          Add a line
        </button>
        {optional && shown.length === 1 && (
          <button type="button" className={dangerSmallButton} onClick={() => write([])}>
            Remove the line
          </button>
        )}
      </div>
    </fieldset>
  );
}
