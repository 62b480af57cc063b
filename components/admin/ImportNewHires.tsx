'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import { alertBox, fieldHint, fieldLabel, statusBox, textInput } from '../ui/form-styles';
import { formatDay } from './labels';
import { IMPORT_MAX_ROWS } from '@/lib/import-limits';
import { OneTimeLink } from './OneTimeLink';
import { sendJson } from './send-json';
import { ColumnHeads } from '@/components/ui/ColumnHeads';

interface ImportRow {
  line: number;
  name: string;
  email: string;
  team: string | null;
  startDate: string | null;
}
interface ImportProblem {
  line: number | null;
  reason: string;
}
interface CreatedPerson {
  user: { id: string; name: string; email: string };
  link: string;
  expiresAt: string;
}
interface ImportAnswer {
  ok: boolean;
  rows: ImportRow[];
  errors: ImportProblem[];
  created: CreatedPerson[];
}

const MAX_FILE_BYTES = 1_000_000;
const PREVIEW_ROWS = 200;
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * Bulk-adds new hires from a CSV (a file or pasted text): first a check that lists every bad row
 * with its line, or the people to be created; then, only for a file that passed, creating them all
 * at once and showing each person's one-time link.
 */
export function ImportNewHires() {
  const router = useRouter();
  const id = useId();
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ csv: string; rows: ImportRow[] } | null>(null);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [created, setCreated] = useState<CreatedPerson[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<'check' | 'create' | null>(null);

  const clearResults = () => {
    setChecked(null);
    setProblems(null);
    setError(null);
  };

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    clearResults();
    setCreated(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setError(`${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB; import at most 1 MB at a time (split it into smaller files).`);
      return;
    }
    setFileName(file.name);
    setCsv(await file.text());
  }

  async function send(commit: boolean) {
    const text = commit ? checked!.csv : csv;
    setPending(commit ? 'create' : 'check');
    setError(null);
    const answer = await sendJson<ImportAnswer>('/api/admin/users/import', 'POST', { csv: text, commit });
    setPending(null);
    const data = answer.data;
    if (answer.status === 422 && data?.errors) {
      setChecked(null);
      setProblems(data.errors);
      setError(`Nobody was created: ${plural(data.errors.length, 'problem', 'problems')} to fix. Correct the file and check it again.`);
    } else if (!answer.ok || !data) {
      setError(answer.message);
      return;
    } else if (commit) {
      setChecked(null);
      setProblems(null);
      setCreated(data.created);
      setCsv('');
      setFileName(null);
      if (fileInput.current) fileInput.current.value = '';
      router.refresh();
    } else {
      setProblems(null);
      setChecked({ csv: text, rows: data.rows });
    }
    resultHeading.current?.focus();
  }

  const hasResult = problems !== null || checked !== null || created !== null;

  return (
    <div>
      <p className="text-sm text-slate-700">
        A CSV file with a header line naming the columns <code className="rounded bg-slate-100 px-1">name,email,team,start date</code>, then one person per line. Name and email are
        required; write start dates as YYYY-MM-DD. Everyone is created as a trainee, and nobody is created unless every line is right. At most{' '}
        {IMPORT_MAX_ROWS.toLocaleString('en-GB')} people and 1 MB per file.
      </p>
      <div className="mt-4 grid gap-4">
        <div>
          <label htmlFor={`${id}-file`} className={fieldLabel}>
            Choose a CSV file
          </label>
          <input
            id={`${id}-file`}
            ref={fileInput}
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(event) => void chooseFile(event)}
            className="mt-1 block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:font-semibold file:text-slate-800 hover:file:bg-slate-50"
          />
        </div>
        <div>
          <label htmlFor={`${id}-csv`} className={fieldLabel}>
            Or paste the lines of the file
          </label>
          <textarea
            id={`${id}-csv`}
            value={csv}
            onChange={(event) => {
              setCsv(event.currentTarget.value);
              setFileName(null);
              clearResults();
            }}
            rows={6}
            spellCheck={false}
            aria-describedby={`${id}-csv-hint`}
            placeholder={'name,email,team,start date\nAna Ruiz,ana.ruiz@example.com,Billing,2026-09-01'}
            className={`${textInput} font-mono text-sm`}
          />
          <p id={`${id}-csv-hint`} className={fieldHint}>
            {fileName ? `Showing ${fileName}. You can correct it here before checking.` : 'A chosen file appears here, where you can correct it.'}
          </p>
        </div>
        <div>
          <button type="button" onClick={() => void send(false)} disabled={pending !== null || !csv.trim()} className={buttonStyles.primary}>
            {pending === 'check' ? 'Checking…' : 'Check the file'}
          </button>
        </div>
      </div>

      <div role="alert" className={error ? `${alertBox} mt-4` : ''}>
        {error}
      </div>
      <p role="status" className="sr-only">
        {checked ? `All ${plural(checked.rows.length, 'line is', 'lines are')} right.` : created ? `Created ${plural(created.length, 'trainee', 'trainees')}.` : ''}
      </p>

      {hasResult && (
        <section aria-labelledby={`${id}-result`} className="mt-4">
          <h3 id={`${id}-result`} ref={resultHeading} tabIndex={-1} className="text-base font-semibold">
            {problems ? 'Problems in the file' : checked ? 'Ready to create' : 'Created'}
          </h3>

          {problems && (
            <ul className="mt-2 space-y-1 text-sm" aria-label="Problems, by line">
              {problems.map((problem, i) => (
                <li key={i} className="flex gap-2">
                  <span className="shrink-0 font-semibold">{problem.line === null ? 'File:' : `Line ${problem.line}:`}</span> <span>{problem.reason}</span>
                </li>
              ))}
            </ul>
          )}

          {checked && (
            <>
              <p className="mt-2 text-sm text-slate-800">
                All lines are right. These {plural(checked.rows.length, 'person', 'people')} will be created as trainees, each with a one-time link to set their password:
              </p>
              <div className="relative mt-2 overflow-x-auto" role="region" aria-label="People to be created" tabIndex={0}>
                <table className="min-w-full text-left text-sm">
                  <thead className="border-b border-slate-300 text-slate-700">
                    <ColumnHeads labels={['Line', 'Name', 'Email', 'Team', 'Start date']} cellClassName="py-2 pr-4" />
                  </thead>
                  <tbody>
                    {checked.rows.slice(0, PREVIEW_ROWS).map((row) => (
                      <tr key={row.line} className="border-b border-slate-100">
                        <td className="py-1.5 pr-4">{row.line}</td>
                        <td className="py-1.5 pr-4">{row.name}</td>
                        <td className="py-1.5 pr-4">{row.email}</td>
                        <td className="py-1.5 pr-4">{row.team ?? '—'}</td>
                        <td className="py-1.5 pr-4">{row.startDate ? formatDay(row.startDate) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {checked.rows.length > PREVIEW_ROWS && <p className={fieldHint}>…and {(checked.rows.length - PREVIEW_ROWS).toLocaleString('en-GB')} more.</p>}
              <div className="mt-3 flex flex-wrap gap-2">
                <button type="button" onClick={() => void send(true)} disabled={pending !== null} className={buttonStyles.primary}>
                  {pending === 'create' ? 'Creating…' : `Create ${plural(checked.rows.length, 'trainee', 'trainees')}`}
                </button>
              </div>
            </>
          )}

          {created && (
            <div className={`${statusBox} mt-2 space-y-4`}>
              <p>
                Created {plural(created.length, 'trainee', 'trainees')}. <strong>Each link below is shown only now:</strong> copy them and pass each one on to its person before you
                leave this page. A lost link can be replaced from the person&rsquo;s page.
              </p>
              <ul className="space-y-4">
                {created.map((person) => (
                  <li key={person.user.id}>
                    <OneTimeLink link={person.link} expiresAt={person.expiresAt} personName={`${person.user.name} (${person.user.email})`} />
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
