'use client';

import type { PathSegment } from '@/machines/json-path';
import { addBranch, editBranch, moveBranch, removeBranch, statesOf, type DraftTransition } from './draft-edits';
import type { EditProps } from './edit-props';
import { groupBox, hintStyle, InFile, smallButton } from './fields';
import { ListItemButtons } from './ListItemButtons';
import { GuardFields, TargetField, type TargetOption } from './TransitionFields';

/** An automatic branch (a junction, in the file): its ways on, each a condition and the next step, tried in order. */
export function JunctionFields({ doc, onEdit, announce, name, targets }: EditProps & { name: string; targets: TargetOption[] }) {
  const state = statesOf(doc)[name]!;
  const branches = Array.isArray(state.always) ? state.always : [];
  return (
    <section aria-labelledby="branches-heading" className="grid gap-3">
      <h3 id="branches-heading" className="text-base font-semibold">
        Ways on
      </h3>
      <p className={hintStyle}>
        This step says nothing: it sends the conversation on by the customer&rsquo;s mood or what was remembered. The ways on are tried in order; the last has no condition and
        catches everything else.
        <InFile>
          a junction, each way on an entry of <code className="font-mono">always</code>
        </InFile>
      </p>
      {branches.map((branch, i) => {
        const path: PathSegment[] = ['states', name, 'always', i];
        const change = (edit: (t: DraftTransition) => void) => onEdit((d) => editBranch(d, name, i, edit), `branch:${name}:${i}`);
        const last = i === branches.length - 1;
        return (
          <fieldset key={i} className={`${groupBox} grid gap-2`}>
            <legend className="px-1 text-sm font-semibold">{last ? `Way on ${i + 1} (otherwise)` : `Way on ${i + 1}`}</legend>
            <GuardFields transition={branch} path={path} onChange={change} noneLabel={last ? 'Otherwise (no condition)' : 'Always (no condition)'} />
            <TargetField transition={branch} path={path} targets={targets} onChange={change} />
            <ListItemButtons
              noun="way on"
              index={i}
              count={branches.length}
              canRemove={branches.length > 1}
              onMove={(delta) => {
                onEdit((d) => moveBranch(d, name, i, delta), `move-branch:${name}`);
                announce(`Way on ${i + 1} moved ${delta < 0 ? 'up' : 'down'} to ${i + 1 + delta}.`);
              }}
              onRemove={() => {
                onEdit((d) => removeBranch(d, name, i), `remove-branch:${name}`);
                announce(`Way on ${i + 1} removed.`);
              }}
            />
          </fieldset>
        );
      })}
      <div>
        <button
          type="button"
          className={smallButton}
          onClick={() => {
            onEdit((d) => addBranch(d, name), `add-branch:${name}`);
            announce('A way on was added before the last one.');
          }}
        >
          Add a way on
        </button>
      </div>
    </section>
  );
}
