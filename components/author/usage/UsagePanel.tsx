'use client';

import { useActorRef, useSelector } from '@xstate/react';
import { useEffect, useState, type FormEvent } from 'react';
import { formatCount, formatPercent, OUTCOME_LABELS } from '@/lib/labels';
import { buttonStyles } from '@/components/ui/styles';
import type { PositionReading, PositionUsage, ScenarioUsage } from '@/server/studio/analytics';
import { usageMachine, type UsageFilters } from './usage-machine';
import { DataTable } from '@/components/ui/DataTable';
import { ColumnHeads } from '@/components/ui/ColumnHeads';

export interface UsagePanelProps {
  scenarioId: string;
  /** The scenario's published versions. */
  versions: number[];
  /** The figures to draw on the map, or null to draw none. */
  onUsage(usage: ScenarioUsage | null): void;
}

type Filters = UsageFilters;

const share = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

/**
 * Below this many decisions a rate is not shown as a percentage: "3 of 5" says what happened
 * without suggesting a pattern. The same number as the server's MIN_DECISIONS_TO_COMPARE (the
 * server module cannot be imported into the browser).
 */
const MIN_FOR_RATE = 10;
const inputStyle = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm';

/**
 * Where trainees struggle: how attempts on a published version went, filtered by the days they
 * started and by team, with the counts drawn on the map when wanted.
 */
export function UsagePanel({ scenarioId, versions, onUsage }: UsagePanelProps) {
  const newest = versions.length ? Math.max(...versions) : null;
  if (newest === null) {
    return <p className="text-sm text-slate-700">Not published yet. How trainees play it shows here once a version is published and played.</p>;
  }
  // A newly published version starts the panel afresh, on its figures.
  return <UsageFigures key={newest} scenarioId={scenarioId} versions={versions} newest={newest} onUsage={onUsage} />;
}

function UsageFigures({ scenarioId, versions, newest, onUsage }: UsagePanelProps & { newest: number }) {
  const [filters, setFilters] = useState<Filters>({ version: String(newest), from: '', to: '', team: '' });
  // The newest version's figures when the panel opens.
  const actor = useActorRef(usageMachine, { input: { scenarioId, filters: { version: String(newest), from: '', to: '', team: '' } } });
  const { usage, teams, error, onMap } = useSelector(actor, (s) => s.context);
  const loading = useSelector(actor, (s) => s.matches('loading'));

  useEffect(() => {
    const subscription = actor.on('drawn', (event) => onUsage(event.usage));
    return () => subscription.unsubscribe();
  }, [actor, onUsage]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    actor.send({ type: 'load', filters });
  };
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setFilters((current) => ({ ...current, [key]: event.target.value }));
  const toggleMap = (checked: boolean) => actor.send({ type: 'showOnMap', on: checked });

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="grid grid-cols-2 gap-3 text-sm" aria-label="Which attempts to count">
        <label className="block font-medium">
          Version
          <select className={inputStyle} value={filters.version} onChange={set('version')}>
            {[...versions]
              .sort((a, b) => b - a)
              .map((v) => (
                <option key={v} value={v}>
                  Version {v}
                  {v === newest ? ' (newest)' : ''}
                </option>
              ))}
          </select>
        </label>
        <label className="block font-medium">
          Team
          <select className={inputStyle} value={filters.team} onChange={set('team')}>
            <option value="">All teams</option>
            {teams.map((team) => (
              <option key={team} value={team}>
                {team}
              </option>
            ))}
          </select>
        </label>
        <label className="block font-medium">
          Started from
          <input type="date" className={inputStyle} value={filters.from} onChange={set('from')} />
        </label>
        <label className="block font-medium">
          Started until
          <input type="date" className={inputStyle} value={filters.to} min={filters.from || undefined} onChange={set('to')} />
        </label>
        <div className="col-span-2 flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonStyles.secondary} disabled={loading}>
            Show figures
          </button>
          <label className="flex items-center gap-2 font-medium">
            <input type="checkbox" className="h-5 w-5" checked={onMap} onChange={(event) => toggleMap(event.target.checked)} />
            Show on the map
          </label>
        </div>
      </form>

      <p role="status" className="text-sm text-slate-700">
        {loading ? 'Loading the figures…' : usage ? `Figures for version ${usage.version}${describeFilters(usage)}.` : ''}
      </p>
      {error && (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          {error}
        </p>
      )}

      {usage && <Figures usage={usage} />}
    </div>
  );
}

function describeFilters(usage: ScenarioUsage): string {
  const { from, to, team } = usage.filters;
  const parts: string[] = [];
  if (team) parts.push(`team ${team}`);
  if (from && to) parts.push(from === to ? `started on ${from}` : `started ${from} to ${to}`);
  else if (from) parts.push(`started from ${from}`);
  else if (to) parts.push(`started until ${to}`);
  return parts.length ? `, ${parts.join(', ')}` : ', all trainees, any day';
}

function Figures({ usage }: { usage: ScenarioUsage }) {
  if (usage.withheld) {
    return (
      <p className="text-sm text-slate-800">
        Figures are hidden for this team: {usage.withheld.people === 1 ? 'one person has' : `${usage.withheld.people} people have`} attempts with these filters, fewer than{' '}
        {usage.withheld.minimum}, so the figures would show what each of them chose. Widen the filter to see them.
      </p>
    );
  }
  if (usage.attempts === 0) return <p className="text-sm text-slate-700">No trainee has started this version with these filters.</p>;
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2">
        <div>
          <dt className="text-slate-700">Attempts</dt>
          <dd className="text-lg font-semibold">{formatCount(usage.attempts)}</dd>
          <dd className="text-slate-700">
            {formatCount(usage.completed)} finished, {formatCount(usage.inProgress)} in progress, {formatCount(usage.abandoned)} abandoned (idle over {usage.abandonedAfterHours} h)
          </dd>
        </div>
        <div>
          <dt className="text-slate-700">Pass rate</dt>
          <dd className="text-lg font-semibold">{usage.passRate === null ? '—' : share(usage.passed, usage.completed)}</dd>
          <dd className="text-slate-700">{usage.completed ? `${formatCount(usage.passed)} of ${formatCount(usage.completed)} finished attempts passed` : 'None finished yet'}</dd>
        </div>
        <div>
          <dt className="text-slate-700">Average overall score</dt>
          <dd className="text-lg font-semibold">{usage.averagePercent === null ? '—' : formatPercent(usage.averagePercent)}</dd>
        </div>
        <div>
          <dt className="text-slate-700">Endings reached</dt>
          <dd>{(['success', 'partial', 'failure'] as const).map((o) => `${OUTCOME_LABELS[o]} ${formatCount(usage.outcomes[o])}`).join(' · ')}</dd>
        </div>
      </dl>
      {usage.principles.length > 0 && (
        <table className="w-full border-collapse text-left">
          <caption className="pb-1 text-left font-semibold">Average score per principle, over finished attempts</caption>
          <thead className="border-b border-slate-300">
            <ColumnHeads labels={['Principle', 'Average', 'Attempts']} cellClassName="py-1 pr-2 last:pr-0" end={['Average', 'Attempts']} />
          </thead>
          <tbody>
            {usage.principles.map((p) => (
              <tr key={p.principleId} className="border-b border-slate-200">
                <th scope="row" className="py-1 pr-2 font-normal">
                  {p.name}
                </th>
                <td className="py-1 pr-2 text-right tabular-nums">{formatPercent(p.averagePercent)}</td>
                <td className="py-1 text-right tabular-nums">{formatCount(p.attempts)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PositionFigures usage={usage} />
    </div>
  );
}

/** "12 of 30 (40%)", or just "3 of 5" for too few to make a rate of. */
const ofWhole = (part: number, whole: number) =>
  whole === 0 ? 'never' : `${formatCount(part)} of ${formatCount(whole)}${whole >= MIN_FOR_RATE ? ` (${share(part, whole)})` : ''}`;

const READINGS: Record<PositionReading, string> = {
  'written-order': 'Shown in the written order: every trainee saw the same reply first, so its place cannot be told apart from its words.',
  'too-few': `Too few to tell: fewer than ${MIN_FOR_RATE} decisions with it first, or with it elsewhere.`,
  'first-favoured': 'Picked more when shown first: it may be picked for its place, not its words.',
  'first-avoided': 'Picked less when shown first.',
  'no-clear-difference': 'No clear difference: picked about as often wherever it stood.',
};

/**
 * Picked because first, or because right: for each reply at each decision, how often it was picked
 * when shown first and when shown elsewhere, and how many of its picks came from first place.
 */
function PositionFigures({ usage }: { usage: ScenarioUsage }) {
  const byState = new Map<string, PositionUsage[]>();
  for (const p of usage.positions) {
    if (p.shownFirst + p.shownElsewhere === 0) continue;
    byState.set(p.state, [...(byState.get(p.state) ?? []), p]);
  }
  return (
    <section aria-labelledby="position-heading" className="space-y-2">
      <h3 id="position-heading" className="font-semibold">
        Picked because first, or because right?
      </h3>
      <p className="text-slate-700">
        Each trainee sees a decision&rsquo;s replies in their own shuffled order, so every reply is sometimes shown first. A reply picked far more often when it happened to be
        first may be picked for its place rather than its words. Counted over {formatCount(usage.positionDecisions)} {usage.positionDecisions === 1 ? 'decision' : 'decisions'}{' '}
        where a reply was picked; time-outs, and choices made before the order shown was recorded, are left out. Percentages are shown from {MIN_FOR_RATE} decisions.
      </p>
      {byState.size === 0 ? (
        <p className="text-slate-700">No reply has been picked with its place recorded yet.</p>
      ) : (
        [...byState.entries()].map(([state, replies]) => (
          <DataTable
            key={state}
            label={`Replies picked at decision ${state}, by the place shown`}
            framed={false}
            tableClassName="w-full border-collapse text-left"
            headClassName=""
            caption={
              <caption className="pb-1 text-left font-medium">
                Decision <span className="font-mono">{state}</span>
                {replies[0]?.reading === 'written-order' ? ' (replies in the written order)' : ''}
              </caption>
            }
            head={
              <tr className="border-b border-slate-300 align-bottom">
                <th scope="col" className="py-1 pr-2 font-semibold">
                  Reply
                </th>
                <th scope="col" className="py-1 pr-2 font-semibold">
                  Picked when shown first
                </th>
                <th scope="col" className="py-1 pr-2 font-semibold">
                  Picked when shown elsewhere
                </th>
                <th scope="col" className="py-1 pr-2 font-semibold">
                  Its picks made when first
                </th>
                <th scope="col" className="py-1 font-semibold">
                  Reading
                </th>
              </tr>
            }
          >
            {replies.map((p) => {
              const picks = p.pickedWhenFirst + p.pickedWhenElsewhere;
              const shown = p.shownFirst + p.shownElsewhere;
              return (
                <tr key={p.event} className="border-b border-slate-200 align-top">
                  <th scope="row" className="py-1 pr-2 font-normal">
                    <span className="block">{p.words}</span>
                    <span className="font-mono text-xs text-slate-700">{p.event}</span>
                  </th>
                  <td className="py-1 pr-2 tabular-nums">{ofWhole(p.pickedWhenFirst, p.shownFirst)}</td>
                  <td className="py-1 pr-2 tabular-nums">{ofWhole(p.pickedWhenElsewhere, p.shownElsewhere)}</td>
                  <td className="py-1 pr-2 tabular-nums">
                    {picks === 0
                      ? 'never picked'
                      : `${ofWhole(p.pickedWhenFirst, picks)}${picks >= MIN_FOR_RATE && shown ? `; ${share(p.shownFirst, shown)} if its place made no difference` : ''}`}
                  </td>
                  <td className={`py-1 ${p.reading === 'first-favoured' ? 'font-semibold text-amber-950' : ''}`}>
                    {p.reading === 'first-favoured' && <span aria-hidden="true">⚠ </span>}
                    {READINGS[p.reading]}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        ))
      )}
    </section>
  );
}
