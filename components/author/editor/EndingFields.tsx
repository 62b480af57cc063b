'use client';

import { formatPath } from '@/machines/json-path';
import { OUTCOMES } from '@/machines/format';
import { OUTCOME_LABELS } from '@/lib/labels';
import { CustomerLines } from './CustomerLines';
import { setStateMeta, statesOf, text } from './draft-edits';
import type { EditProps } from './edit-props';
import { InFile, SelectField, TextArea } from './fields';

/** An ending's outcome, its summary for the trainee and the customer's last words, if any. */
export function EndingFields({ doc, onEdit, announce, name }: EditProps & { name: string }) {
  const state = statesOf(doc)[name]!;
  return (
    <>
      <SelectField
        label="How it ended"
        path={formatPath(['states', name, 'meta', 'outcome'])}
        value={text(state.meta?.outcome)}
        hint={<InFile code="meta.outcome" />}
        className="max-w-xs"
        options={OUTCOMES.map((o) => ({ value: o, label: `${OUTCOME_LABELS[o]} (${o})` }))}
        onChange={(value) => onEdit((d) => setStateMeta(d, name, 'outcome', value), `outcome:${name}`)}
      />
      <TextArea
        label="Summary"
        path={formatPath(['states', name, 'meta', 'summary'])}
        value={text(state.meta?.summary)}
        hint="How it ended, shown to the trainee when the conversation is over."
        onChange={(value) => onEdit((d) => setStateMeta(d, name, 'summary', value), `summary:${name}`)}
      />
      <CustomerLines doc={doc} onEdit={onEdit} announce={announce} name={name} optional />
    </>
  );
}
