import { fieldLabel, textInput } from '../ui/form-styles';
import { TEAM_MAX } from '@/lib/people-limits';

/** The optional team (with the teams already in use as suggestions) and start date of a person. */
export function TeamAndStartFields({ id, teams, team, startDate }: { id: string; teams: readonly string[]; team?: string | null; startDate?: string | null }) {
  return (
    <>
      <div>
        <label htmlFor={`${id}-team`} className={fieldLabel}>
          Team <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <input id={`${id}-team`} name="team" defaultValue={team ?? ''} list={`${id}-teams`} maxLength={TEAM_MAX} autoComplete="off" className={textInput} />
        <datalist id={`${id}-teams`}>
          {teams.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
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
