'use client';

import { useState } from 'react';
import { fieldHint, fieldLabel, textInput } from '../ui/form-styles';
import { TEAM_MAX } from '@/lib/people-limits';

/** The select's value for "New team…": never a team's name, since names are trimmed. */
const NEW_TEAM = ' new';

/**
 * The optional team, chosen from the teams in use so a typo does not make a second team, with
 * "New team…" revealing a field for a team nobody is in yet; and the start date. The field named
 * `team` is the select, or the new team's field while that is chosen. The server checks either.
 */
export function TeamAndStartFields({ id, teams, team, startDate }: { id: string; teams: readonly string[]; team?: string | null; startDate?: string | null }) {
  const known = team && !teams.includes(team) ? [...teams, team].sort((a, b) => a.localeCompare(b)) : teams;
  const [choice, setChoice] = useState(team ?? '');
  const naming = choice === NEW_TEAM;
  return (
    <>
      <div>
        <label htmlFor={`${id}-team`} className={fieldLabel}>
          Team <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <select id={`${id}-team`} name={naming ? undefined : 'team'} value={choice} onChange={(event) => setChoice(event.currentTarget.value)} className={textInput}>
          <option value="">No team</option>
          {known.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
          <option value={NEW_TEAM}>New team…</option>
        </select>
        {naming && (
          <div className="mt-2">
            <label htmlFor={`${id}-new-team`} className={fieldLabel}>
              New team&rsquo;s name
            </label>
            <input id={`${id}-new-team`} name="team" required maxLength={TEAM_MAX} autoComplete="off" aria-describedby={`${id}-new-team-hint`} className={textInput} />
            <p id={`${id}-new-team-hint`} className={fieldHint}>
              Up to {TEAM_MAX} characters. It joins the list once someone is in it.
            </p>
          </div>
        )}
      </div>
      <div>
        <label htmlFor={`${id}-start`} className={fieldLabel}>
          Start date <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <input id={`${id}-start`} name="startDate" type="date" defaultValue={startDate ?? ''} className={textInput} />
      </div>
    </>
  );
}
