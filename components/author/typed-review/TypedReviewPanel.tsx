'use client';

import { useActorRef, useSelector } from '@xstate/react';
import { useId, useState } from 'react';
import { ColumnHeads } from '@/components/ui/ColumnHeads';
import { DataTable } from '@/components/ui/DataTable';
import { LocalTime } from '@/components/ui/LocalTime';
import { panel } from '@/components/ui/styles';
import type { DraftDocument } from '@/components/author/editor/draft-edits';
import type { EditProps } from '@/components/author/editor/edit-props';
import { hintStyle, inputStyle, smallButton } from '@/components/author/editor/fields';
import { formatCount } from '@/lib/labels';
import type { ReplyRef, TypedReplyGroup, TypedReview, TypedReviewState } from '@/server/studio/typed-review';
import { addTypedExample, exampleProblem, repliesOf } from './add-example';
import { typedReviewMachine } from './typed-review-machine';

export interface TypedReviewPanelProps {
  scenarioId: string;
  /** The scenario's published versions. */
  versions: number[];
  /** The draft as the editor holds it now. */
  doc: DraftDocument;
  readOnly: boolean;
  onEdit: EditProps['onEdit'];
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * Typed replies to review: what trainees typed in their own words that matched nothing, or
 * matched a reply unsurely, by decision, with how often each came up; each can be added to the
 * draft as an example of one of the decision's replies, which autosave keeps as a new revision.
 */
export function TypedReviewPanel(props: TypedReviewPanelProps) {
  const newest = props.versions.length ? Math.max(...props.versions) : null;
  return (
    <section aria-labelledby="typed-review-heading" className={`${panel} grid gap-3 p-4 text-sm`}>
      <h2 id="typed-review-heading" className="text-lg font-semibold">
        Typed replies to review
      </h2>
      <p className="text-slate-700">
        What trainees typed in their own words that matched none of your replies, or matched one without being sure. Add a reply as an example of the reply it means: it is saved
        with the draft, and typed replies are matched with it once the scenario is published again. Who typed a reply is never shown.
      </p>
      {newest === null ? (
        <p className="text-slate-700">Not published yet. Typed replies show here once a version that takes them is published and played.</p>
      ) : (
        // A newly published version starts the queue afresh.
        <ReviewQueue key={newest} {...props} />
      )}
    </section>
  );
}

function ReviewQueue({ scenarioId, doc, readOnly, onEdit }: TypedReviewPanelProps) {
  const actor = useActorRef(typedReviewMachine, { input: { scenarioId } });
  const { review, error } = useSelector(actor, (s) => s.context);
  const loading = useSelector(actor, (s) => s.matches('loading'));
  const [message, setMessage] = useState('');
  const draftTakesTyped = doc.meta?.ownWords === true;

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={smallButton} disabled={loading} onClick={() => actor.send({ type: 'reload' })}>
          Load again
        </button>
        {readOnly && <p className={hintStyle}>This scenario is read-only here: duplicate it to add examples.</p>}
      </div>
      <p role="status" className="text-slate-800">
        {loading ? 'Loading the typed replies…' : message}
      </p>
      {error && (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-rose-900">
          {error}
        </p>
      )}
      {review && <Queue review={review} draftTakesTyped={draftTakesTyped} doc={doc} readOnly={readOnly} onEdit={onEdit} onAdded={setMessage} />}
    </div>
  );
}

interface RowProps {
  doc: DraftDocument;
  readOnly: boolean;
  onEdit: EditProps['onEdit'];
  onAdded: (message: string) => void;
}

function Queue({ review, draftTakesTyped, ...row }: RowProps & { review: TypedReview; draftTakesTyped: boolean }) {
  if (review.states.length === 0) {
    return (
      <p className="text-slate-700">
        {review.takesTypedReplies || review.typedInModules.length > 0
          ? 'No trainee has typed a reply yet.'
          : draftTakesTyped
            ? 'The published version takes replies chosen from a list. Typed replies show here once a version that takes them is published and played.'
            : 'This scenario takes replies chosen from a list, not typed ones, so there is nothing to review. To let trainees type their replies, tick “Trainees type their replies in their own words” in Scenario settings.'}
      </p>
    );
  }
  return (
    <>
      {review.typedInModules.length > 0 && (
        <p className="text-slate-700">
          Trainees type their replies here when they play it for {review.typedInModules.length === 1 ? 'the module' : 'the modules'}{' '}
          {review.typedInModules.map((title) => `“${title}”`).join(', ')}, which {review.typedInModules.length === 1 ? 'asks' : 'ask'} for replies in their own words.
        </p>
      )}
      {!review.takesTypedReplies && review.typedInModules.length === 0 && (
        <p className="text-slate-700">The newest version takes replies chosen from a list; these were typed at earlier versions.</p>
      )}
      {review.states.map((state) => (
        <StateReview key={state.state} state={state} review={review} {...row} />
      ))}
    </>
  );
}

/** A reply as trainers read it: its words, or that the newest version no longer has it. */
const replyWords = (reply: ReplyRef) => (reply.words === null ? `a reply no longer in the scenario (${reply.event})` : `“${reply.words}”`);

function StateReview({ state, review, ...row }: RowProps & { state: TypedReviewState; review: TypedReview }) {
  const headingId = useId();
  const missed = state.groups.filter((g) => g.kind === 'missed');
  const unsure = state.groups.filter((g) => g.kind === 'unsure');
  return (
    <section aria-labelledby={headingId} className="grid gap-2 rounded-md border border-slate-200 p-3">
      <h3 id={headingId} className="font-semibold">
        Decision <span className="font-mono">{state.state}</span>
        {!state.inNewestVersion && ' (no longer in the newest version)'}
      </h3>
      <p className="text-slate-700">
        {plural(state.typed, 'reply typed', 'replies typed')}: {formatCount(state.missed)} matched nothing, {plural(state.unsure, 'unsure match', 'unsure matches')} (below{' '}
        {Math.round(review.unsureBelow * 100)}% sure).
      </p>
      {state.understood.length > 0 && (
        <DataTable
          label={`How often each reply was understood at decision ${state.state}`}
          framed={false}
          tableClassName="w-full border-collapse text-left"
          caption={<caption className="pb-1 text-left font-medium">How often each reply was understood</caption>}
          head={<ColumnHeads labels={['Reply', 'Times typed']} cellClassName="py-1 pr-2 last:pr-0" end={['Times typed']} />}
        >
          {state.understood.map((reply) => (
            <tr key={reply.event} className="border-b border-slate-200">
              <th scope="row" className="py-1 pr-2 font-normal">
                {reply.words ?? `No longer in the scenario (${reply.event})`}
              </th>
              <td className="py-1 text-right tabular-nums">{formatCount(reply.count)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <GroupTable title="Matched nothing" state={state} groups={missed} {...row} />
      <GroupTable title="Unsure matches" state={state} groups={unsure} {...row} />
      {state.groupsLeftOut > 0 && (
        <p className={hintStyle}>
          {plural(state.groupsLeftOut, 'less frequent reply is', 'less frequent replies are')} not listed: only the {review.maxGroupsPerState} most frequent are.
        </p>
      )}
    </section>
  );
}

function GroupTable({ title, state, groups, ...row }: RowProps & { title: string; state: TypedReviewState; groups: TypedReplyGroup[] }) {
  if (groups.length === 0) return null;
  const unsure = groups[0]!.kind === 'unsure';
  const labels = unsure ? ['Typed reply', 'Understood as', 'Times typed', 'Last typed', 'Add as an example'] : ['Typed reply', 'Times typed', 'Last typed', 'Add as an example'];
  return (
    <DataTable
      label={`${title} at decision ${state.state}`}
      framed={false}
      tableClassName="w-full border-collapse text-left"
      caption={<caption className="pb-1 text-left font-medium">{title}</caption>}
      head={<ColumnHeads labels={labels} cellClassName="py-1 pr-2 last:pr-0" end={['Times typed']} />}
    >
      {groups.map((group) => (
        <tr key={`${group.understood?.event ?? ''}\u0000${group.text}`} className="border-b border-slate-200 align-top">
          <th scope="row" className="max-w-72 py-1 pr-2 font-normal break-words">
            {group.text}
          </th>
          {unsure && <td className="py-1 pr-2">{group.understood ? replyWords(group.understood) : ''}</td>}
          <td className="py-1 pr-2 text-right tabular-nums">{formatCount(group.count)}</td>
          <td className="py-1 pr-2">
            <LocalTime iso={group.lastTypedAt} />
          </td>
          <td className="py-1">
            <AddExample state={state.state} group={group} {...row} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** One action per group: pick a reply of the state (by its words) and add the typed words to its examples. */
function AddExample({ state, group, doc, readOnly, onEdit, onAdded }: RowProps & { state: string; group: TypedReplyGroup }) {
  const id = useId();
  const replies = repliesOf(doc, state);
  const [picked, setPicked] = useState(group.understood?.event ?? '');
  // The reply picked, else the one it was understood as, else the first: while the draft has it.
  const event = [picked, group.understood?.event, replies[0]?.event].find((e) => e && replies.some((r) => r.event === e)) ?? '';
  if (replies.length === 0) return <p className={hintStyle}>The draft has no replies at this step to add it to.</p>;
  const problem = exampleProblem(doc, state, event, group.text);
  const words = replies.find((r) => r.event === event)?.words ?? event;
  const add = () => {
    if (readOnly) return;
    if (problem) {
      onAdded(`Not added: ${problem}`);
      return;
    }
    onEdit((current) => addTypedExample(current, state, event, group.text), `typed-example:${state}:${event}:${group.text}`);
    onAdded(`Added “${group.text}” as an example of “${words}” at decision ${state}. It is saved with the draft and used once the scenario is published again.`);
  };
  return (
    <div className="grid min-w-56 gap-1">
      <label htmlFor={`${id}-reply`} className="text-xs font-medium text-slate-800">
        Example of<span className="sr-only"> (for “{group.text}”)</span>
      </label>
      <select
        id={`${id}-reply`}
        className={`${inputStyle} mt-0`}
        value={event}
        disabled={readOnly}
        aria-describedby={problem && !readOnly ? `${id}-problem` : undefined}
        onChange={(e) => setPicked(e.target.value)}
      >
        {replies.map((r) => (
          <option key={r.event} value={r.event}>
            {r.words}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={`${smallButton} justify-self-start aria-disabled:opacity-50`}
        disabled={readOnly}
        aria-disabled={problem ? true : undefined}
        aria-describedby={problem && !readOnly ? `${id}-problem` : undefined}
        onClick={add}
      >
        Add as an example
      </button>
      {problem && !readOnly && (
        <p id={`${id}-problem`} className={hintStyle}>
          {problem}
        </p>
      )}
    </div>
  );
}
