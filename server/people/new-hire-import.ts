import 'server-only';
import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import Papa from 'papaparse';
import { IMPORT_MAX_BYTES, IMPORT_MAX_LINES, IMPORT_MAX_ROWS } from '@/lib/import-limits';
import { firstUnstorableIndex, unstorableReason } from '@/lib/storable-text';
import { normaliseEmail } from '../auth/sign-in';
import type { Database } from '../db';
import { passwordLinks, users, type User } from '../db/schema';
import { queueMail, setPasswordMail } from '../mail/outbox';
import { assignAfterPersonChange } from '../onboarding/assignments';
import { HttpError } from '../platform/errors';
import { isUniqueViolation } from './accounts';
import { recordAudit } from './audit';
import { hashToken, LINK_LIFETIME_MS, type IssuedLink } from './password-links';
import { personSummary, type ActionContext, type PersonSummary } from './person';
import { assertManagesPeople } from './permissions';
import { emailProblem, nameProblem, startDateProblem, teamProblem } from './schemas';

/** Importing new hires from a CSV file: checking every row, then creating them all or nobody. */

type ImportColumn = 'name' | 'email' | 'team' | 'startDate';
const COLUMN_NAMES: Record<string, ImportColumn> = {
  name: 'name',
  'full name': 'name',
  email: 'email',
  'e mail': 'email',
  'email address': 'email',
  team: 'team',
  'start date': 'startDate',
  startdate: 'startDate',
};
const COLUMN_LABELS: Record<ImportColumn, string> = { name: 'name', email: 'email', team: 'team', startDate: 'start date' };
const EXPECTED_COLUMNS = 'name, email, team, start date';
// "Start_Date", " start-date ", "START DATE" all name the same column.
const headerKey = (cell: string) =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

export interface ImportRow {
  /** The line of the file the row starts on; line 1 is the header. */
  line: number;
  name: string;
  email: string;
  team: string | null;
  startDate: string | null;
}

export interface ImportProblem {
  /** The line the problem is on; null for the file as a whole. */
  line: number | null;
  reason: string;
}

export interface ImportCheck {
  ok: boolean;
  /** The people in the file, in order (also those with problems). */
  rows: ImportRow[];
  errors: ImportProblem[];
}

export interface ImportResult extends ImportCheck {
  /** Filled only when the import was committed. */
  created: { user: PersonSummary; link: IssuedLink }[];
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const fileProblem = (reason: string): ImportCheck => ({ ok: false, rows: [], errors: [{ line: null, reason }] });

/** Line numbers of offsets in a text, counting \r\n, \n and \r as one line break each. */
function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\n|\r/g)) starts.push(match.index + match[0].length);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

const QUOTE_PROBLEMS: Record<string, string> = {
  MissingQuotes: 'a quoted value is never closed (a " is missing), so the lines after it cannot be read',
  InvalidQuotes: 'a quoted value has text after its closing quote (write a " inside a quoted value as "")',
};

/**
 * Checks a CSV of new hires without touching the database: a header row naming the columns (name
 * and email required, team and start date optional, in any order), then one person per line. Every
 * problem is reported with its line.
 */
export function checkNewHiresCsv(csv: string, takenEmails: ReadonlySet<string> = new Set()): ImportCheck {
  const bytes = Buffer.byteLength(csv, 'utf8');
  if (bytes > IMPORT_MAX_BYTES) return fileProblem(`The file is ${(bytes / 1_000_000).toFixed(1)} MB; import at most 1 MB at a time (split it into smaller files).`);
  // Spreadsheets often start a UTF-8 file with a byte-order mark.
  const text = csv.replace(/^\uFEFF/, '');
  if (!text.trim()) return fileProblem(`The file is empty. Its first line names the columns: ${EXPECTED_COLUMNS}.`);

  // Line breaks of any style (\r\n, \n, or a lone \r), counted without parsing.
  let lines = 1;
  for (let i = 0; i < text.length && lines <= IMPORT_MAX_LINES; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  if (lines > IMPORT_MAX_LINES) {
    return fileProblem(
      `The file has more than ${IMPORT_MAX_LINES.toLocaleString('en-GB')} lines, far more than ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} people need: remove the empty lines (often at the end of a spreadsheet's export) or split it into smaller files.`,
    );
  }
  const lineOf = lineLocator(text);
  const unstorableAt = firstUnstorableIndex(text);
  if (unstorableAt >= 0) {
    return {
      ok: false,
      rows: [],
      errors: [
        {
          line: lineOf(unstorableAt),
          reason: `This line ${unstorableReason(text.slice(unstorableAt))!.replace(/ at position \d+$/, '')}, which cannot be stored: save the file again as plain UTF-8 text, or remove the character.`,
        },
      ],
    };
  }
  const problems = new Map<number | null, string[]>();
  const report = (line: number | null, reason: string) => {
    const list = problems.get(line) ?? [];
    if (!list.includes(reason)) list.push(reason);
    problems.set(line, list);
  };
  const records: { line: number; cells: string[] }[] = [];
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    delimitersToGuess: [',', ';', '\t'],
    step: (result, parser) => {
      // One past the limit is enough to refuse the file: the rest is not worth the server's time.
      if (records.length > IMPORT_MAX_ROWS + 1) return parser.abort();
      const start = rowStart;
      rowStart = result.meta.cursor;
      for (const error of result.errors) {
        if (error.type !== 'Quotes') continue;
        report(lineOf(error.index ?? start), QUOTE_PROBLEMS[error.code] ?? error.message);
      }
      if (result.data.every((cell) => !cell.trim())) return;
      records.push({ line: lineOf(start), cells: result.data });
    },
  });
  const result = (rows: ImportRow[]): ImportCheck => {
    const errors = [...problems.entries()].sort(([a], [b]) => (a ?? 0) - (b ?? 0)).map(([line, reasons]) => ({ line, reason: capitalise(reasons.join('; ')) + '.' }));
    return { ok: errors.length === 0, rows, errors };
  };

  const [header, ...people] = records;
  if (!header) return fileProblem(`The file is empty. Its first line names the columns: ${EXPECTED_COLUMNS}.`);
  if (header.cells.some((cell) => cell.includes('@'))) {
    report(header.line, `the first line must name the columns (${EXPECTED_COLUMNS}), but it looks like a person; add a header line above it`);
    return result([]);
  }
  const columns = header.cells.map((cell) => COLUMN_NAMES[headerKey(cell)] ?? null);
  header.cells.forEach((cell, i) => {
    if (cell.trim() && !columns[i]) report(header.line, `unknown column "${cell.trim()}" (the columns are ${EXPECTED_COLUMNS})`);
    const column = columns[i];
    if (column && columns.indexOf(column) !== i) report(header.line, `the column "${COLUMN_LABELS[column]}" appears twice`);
  });
  for (const required of ['name', 'email'] as const) {
    if (!columns.includes(required)) report(header.line, `there is no "${COLUMN_LABELS[required]}" column (the columns are ${EXPECTED_COLUMNS})`);
  }
  if (problems.has(header.line)) return result([]);
  if (!people.length) return fileProblem('The file has a header line but nobody below it.');
  if (people.length > IMPORT_MAX_ROWS) {
    return fileProblem(`The file has more than ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} people; import at most ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} at a time.`);
  }

  const firstLineOfEmail = new Map<string, number>();
  const rows = people.map(({ line, cells }) => {
    const value = (column: ImportColumn) => {
      const index = columns.indexOf(column);
      return index < 0 ? '' : (cells[index] ?? '').trim();
    };
    const extra = cells.slice(columns.length).filter((cell) => cell.trim()).length;
    if (extra) report(line, `it has ${columns.length + extra} values but the header names ${columns.length} columns (put a value that contains a comma in double quotes)`);
    const unnamed = cells.findIndex((cell, i) => i < columns.length && !columns[i] && cell.trim());
    if (unnamed >= 0) report(line, `it has a value in column ${unnamed + 1}, which has no name in the header`);
    const row: ImportRow = { line, name: value('name'), email: normaliseEmail(value('email')), team: value('team') || null, startDate: value('startDate') || null };
    for (const problem of [nameProblem(row.name), emailProblem(row.email), teamProblem(row.team ?? ''), startDateProblem(row.startDate ?? '')]) {
      if (problem) report(line, problem);
    }
    if (row.email && !emailProblem(row.email)) {
      const first = firstLineOfEmail.get(row.email);
      if (first === undefined) firstLineOfEmail.set(row.email, line);
      else report(line, `the email ${row.email} is also on line ${first}`);
      if (takenEmails.has(row.email)) report(line, `an account with ${row.email} already exists`);
    }
    return row;
  });
  return result(rows);
}

async function takenEmails(db: Database, candidates: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  const emails = [...new Set(candidates.filter((email) => !emailProblem(email)))];
  for (let i = 0; i < emails.length; i += 1000) {
    const rows = await db
      .select({ email: users.email })
      .from(users)
      .where(inArray(users.email, emails.slice(i, i + 1000)));
    for (const { email } of rows) taken.add(email);
  }
  return taken;
}

/**
 * Checks a CSV of new hires, and with `commit` creates every one of them as a trainee with a
 * one-time link, in one transaction: nobody is created unless every row is valid.
 */
export async function importUsersFromCsv(db: Database, actor: User, csv: string, options: ActionContext & { commit: boolean }): Promise<ImportResult> {
  assertManagesPeople(actor);
  // Read once for the addresses, then check every row, also against the accounts that exist.
  const emails = checkNewHiresCsv(csv).rows.map((row) => row.email);
  const check = checkNewHiresCsv(csv, await takenEmails(db, emails));
  if (!check.ok || !options.commit) return { ...check, created: [] };

  const now = options.now ?? new Date();
  const audit = { actorId: actor.id, address: options.address };
  try {
    return await db.transaction(async (tx) => {
      // Again inside the transaction: someone may have created one of these accounts meanwhile.
      const checked = checkNewHiresCsv(csv, await takenEmails(tx, emails));
      if (!checked.ok) return { ...checked, created: [] };
      const created: ImportResult['created'] = [];
      for (let i = 0; i < check.rows.length; i += 500) {
        const batch = check.rows.slice(i, i + 500);
        const inserted = await tx
          .insert(users)
          .values(batch.map((row) => ({ name: row.name, email: row.email, role: 'trainee' as const, team: row.team, startDate: row.startDate, createdAt: now })))
          .returning();
        const links = inserted.map((user) => ({ user, token: randomBytes(32).toString('base64url') }));
        const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS);
        const made = await tx
          .insert(passwordLinks)
          .values(
            links.map(({ user, token }) => ({ userId: user.id, tokenHash: hashToken(token), purpose: 'new-account' as const, createdBy: actor.id, createdAt: now, expiresAt })),
          )
          .returning();
        // With email set up, each new hire is also sent their link.
        await queueMail(
          tx,
          links.map(({ user, token }) =>
            setPasswordMail(
              user,
              made.find((link) => link.userId === user.id)!,
              token,
              actor.id,
            ),
          ),
          now,
        );
        await recordAudit(
          tx,
          links.flatMap(({ user }) => [
            { ...audit, action: 'user-created' as const, targetUserId: user.id, details: { role: user.role, imported: true } },
            { ...audit, action: 'password-link-created' as const, targetUserId: user.id, details: { purpose: 'new-account', expiresAt: expiresAt.toISOString() } },
          ]),
        );
        await assignAfterPersonChange(
          tx,
          inserted.map((user) => user.id),
          { actorId: actor.id, via: 'import', address: options.address },
          now,
        );
        for (const { user, token } of links) created.push({ user: personSummary(user), link: { token, expiresAt } });
      }
      await recordAudit(tx, { ...audit, action: 'users-imported', details: { count: created.length } });
      return { ...checked, created };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new HttpError(409, 'email-taken', 'Someone created an account with one of these emails meanwhile. Check the file again; nobody was created.');
    throw error;
  }
}
