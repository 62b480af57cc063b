'use client';

import type { ReactNode } from 'react';
import type { Change, ReplyChange, RevisionComparison as Comparison, ScoreChange, StepChange, TextChange } from './compare-revisions';

const CHANGE_WORDS: Record<Change, string> = { added: 'added', removed: 'removed', changed: 'changed' };
const CHANGE_BADGE: Record<Change, string> = {
  added: 'bg-emerald-50 text-emerald-900 ring-emerald-300',
  removed: 'bg-rose-50 text-rose-900 ring-rose-300',
  changed: 'bg-sky-50 text-sky-950 ring-sky-300',
};

function Badge({ change }: { change: Change }) {
  return <span className={`ml-2 inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${CHANGE_BADGE[change]}`}>{CHANGE_WORDS[change]}</span>;
}

/**
 * One side of a changed text, line by line: a line the other side lacks is marked (removed on the
 * older side, added on the newer), so a long customer line or feedback shows what moved in it.
 */
function Lines({ value, other, side }: { value: string | null; other: string | null; side: 'before' | 'after' }) {
  if (value === null) return <span className="italic text-slate-600">(nothing)</span>;
  const others = new Set((other ?? '').split('\n'));
  return (
    <>
      {value.split('\n').map((line, index) => {
        const differs = !others.has(line);
        const key = `${index}:${line}`;
        if (!differs) {
          return (
            <span key={key} className="block">
              {line}
            </span>
          );
        }
        return side === 'before' ? (
          <del key={key} className="block bg-rose-50 text-rose-950 decoration-rose-700">
            {line}
          </del>
        ) : (
          <ins key={key} className="block bg-emerald-50 text-emerald-950 no-underline">
            {line}
          </ins>
        );
      })}
    </>
  );
}

const pointsText = (value: number | null) => (value === null ? '(none)' : value > 0 ? `+${value}` : String(value));

function ChangeRows({ texts, scores = [] }: { texts: TextChange[]; scores?: ScoreChange[] }) {
  return (
    <>
      {texts.map((t) => (
        <tr key={t.field} className="border-t border-slate-200 align-top">
          <th scope="row" className="py-1.5 pr-3 text-left font-medium text-slate-800">
            {t.field}
          </th>
          <td className="whitespace-pre-wrap py-1.5 pr-3">
            <Lines value={t.before} other={t.after} side="before" />
          </td>
          <td className="whitespace-pre-wrap py-1.5">
            <Lines value={t.after} other={t.before} side="after" />
          </td>
        </tr>
      ))}
      {scores.map((s) => (
        <tr key={`points:${s.principle}`} className="border-t border-slate-200 align-top">
          <th scope="row" className="py-1.5 pr-3 text-left font-medium text-slate-800">
            Points for {s.principle}
          </th>
          <td className="py-1.5 pr-3 tabular-nums">{pointsText(s.before)}</td>
          <td className="py-1.5 tabular-nums">{pointsText(s.after)}</td>
        </tr>
      ))}
    </>
  );
}

function ChangeTable({ caption, before, after, children }: { caption: string; before: number; after: number; children: ReactNode }) {
  return (
    <table className="mt-1 w-full table-fixed text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <colgroup>
        <col className="w-24 sm:w-44" />
        <col />
        <col />
      </colgroup>
      <thead className="text-xs text-slate-700">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">
            <span className="sr-only">What</span>
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            Revision {before}
          </th>
          <th scope="col" className="py-1 font-medium">
            Revision {after}
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

function ReplyBlock({ reply, before, after }: { reply: ReplyChange; before: number; after: number }) {
  return (
    <li className="rounded-md border border-slate-200 p-2">
      <p className="text-sm font-medium">
        Reply “{reply.words}” <span className="font-normal text-slate-700">({reply.key})</span>
        <Badge change={reply.change} />
      </p>
      {(reply.texts.length > 0 || reply.scores.length > 0) && (
        <ChangeTable caption={`Reply “${reply.words}”: what ${reply.change === 'changed' ? 'changed' : 'it holds'}`} before={before} after={after}>
          <ChangeRows texts={reply.texts} scores={reply.scores} />
        </ChangeTable>
      )}
    </li>
  );
}

function StepBlock({ step, before, after }: { step: StepChange; before: number; after: number }) {
  return (
    <li className="rounded-md border border-slate-300 p-3">
      <h4 className="text-sm font-semibold">
        Step “{step.name}”
        <Badge change={step.change} />
      </h4>
      {step.texts.length > 0 && (
        <ChangeTable caption={`Step “${step.name}”`} before={before} after={after}>
          <ChangeRows texts={step.texts} />
        </ChangeTable>
      )}
      {step.replies.length > 0 && (
        <>
          <p className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-700">Replies</p>
          <ul className="mt-1 space-y-2">
            {step.replies.map((reply) => (
              <ReplyBlock key={reply.key} reply={reply} before={before} after={after} />
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

/** A sentence that says how much differs, read first. */
function summary(comparison: Comparison): string {
  if (comparison.same) return 'Nothing differs that a trainee or trainer would see.';
  const count = (change: Change) => comparison.steps.filter((s) => s.change === change).length;
  const replies = comparison.steps.reduce((n, s) => n + s.replies.length, 0);
  const parts = [
    comparison.settings.length ? `${comparison.settings.length} ${comparison.settings.length === 1 ? 'setting' : 'settings'} changed` : '',
    count('added') ? `${count('added')} ${count('added') === 1 ? 'step' : 'steps'} added` : '',
    count('removed') ? `${count('removed')} ${count('removed') === 1 ? 'step' : 'steps'} removed` : '',
    count('changed') ? `${count('changed')} ${count('changed') === 1 ? 'step' : 'steps'} changed` : '',
    replies ? `${replies} ${replies === 1 ? 'reply' : 'replies'} added, removed or changed` : '',
  ].filter(Boolean);
  return `${parts.join(', ')}.`;
}

/** Two revisions side by side, in the studio's words: the older on the left, the newer on the right. */
export function RevisionComparison({ comparison, before, after }: { comparison: Comparison; before: number; after: number }) {
  return (
    <div className="mt-2">
      <p className="text-sm text-slate-800">{summary(comparison)}</p>
      {comparison.settings.length > 0 && (
        <section aria-label="Scenario settings" className="mt-3 rounded-md border border-slate-300 p-3">
          <h4 className="text-sm font-semibold">Scenario settings</h4>
          <ChangeTable caption="Scenario settings" before={before} after={after}>
            <ChangeRows texts={comparison.settings} />
          </ChangeTable>
        </section>
      )}
      {comparison.steps.length > 0 && (
        <ul aria-label="Steps that differ" className="mt-3 space-y-3">
          {comparison.steps.map((step) => (
            <StepBlock key={step.name} step={step} before={before} after={after} />
          ))}
        </ul>
      )}
    </div>
  );
}
