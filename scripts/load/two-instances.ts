/**
 * The two-instances drill (docs/reliability.md): two production servers on different ports share
 * one throwaway PostgreSQL, started at the same moment so their start-ups (migrations, built-in
 * scenarios, demo accounts) race. Then, for a while, all at once:
 * - simulated trainees send every request to the other instance than the one before;
 * - an author saves drafts from both instances: saves on the latest revision, which must be
 *   accepted, and pairs of saves on the same revision sent to both instances at once, of which
 *   exactly one must be accepted and the other refused with 409 and kept as a conflict revision;
 * - HR downloads the CSV and xAPI exports from alternating instances, each of which must be whole
 *   and hold everything acknowledged before it was asked for.
 * Afterwards both instances must tell the same story: the same revisions, the same draft, the same
 * exports byte for byte, every attempt where its trainee left it; and the database must hold
 * exactly the acknowledged choices. Used by `npm run drills -- two-instances` and its e2e version.
 */
import { readFileSync } from 'node:fs';
import { count, eq, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { createAssignmentRule } from '@/server/onboarding/assignments';
import { auditLog, scenarioVersions, users, type User } from '@/server/db/schema';
import { CSV_COLUMNS } from '@/server/reporting/export';
import { createModule } from '@/server/onboarding/modules';
import { statementId, VERBS, type XapiStatement } from '@/server/xapi/statements';
import { cookieHeader, freePort, signIn, startProductionServer, type ProductionServer } from '../bench/lib';
import { postgresPlace, type Place } from '../bench/places';
import type { DrillReport } from './drills';
import { checkRecords, createLoadTrainees } from './records';
import { initialSnapshot, openOptions, step } from '@/machines/runtime';
import { SeededRandom } from '@/lib/seeded-random';
import { builtinScenarios, Ledger, LoadStats, loadEmail, signInAll, SimulatedTrainee } from './trainees';

const DEMO_PASSWORD = 'frontline-demo';
const AUTHOR_EMAIL = 'trainer@frontline.test';
const HR_EMAIL = 'hr@frontline.test';
/** The studio lists at most 200 revisions; the author starts a new scenario before a draft has that many. */
const MAX_REVISIONS = 190;

export interface TwoInstancesOptions {
  trainees: number;
  seconds: number;
  log: (message: string) => void;
  /** Pause between a reply and a trainee's next choice (ms). */
  thinkMs?: number;
  /** Seconds between HR's downloads during the load. */
  exportEveryS?: number;
}

export interface TwoInstancesReport extends DrillReport {
  /** Seconds from spawning both servers until both answered, and each one's own time. */
  startup: { bothS: number; eachS: [number, number] };
  /** Requests the trainees sent to each instance: starts, choices, retries and resumes (a sign-in counts once). */
  traineeRequests: [number, number];
  author: AuthorStats;
  hr: { csvDownloads: number; xapiDownloads: number; csvRows: number; statements: number };
  /** Answers with a 5xx status to the author's and HR's requests. */
  serverErrors: number;
  /** Everything found wrong outside the trainees' own statistics; empty when the drill passed. */
  problems: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Instance {
  label: 'A' | 'B';
  server: ProductionServer;
}

interface Answer {
  status: number;
  text: string;
}

/** The author's and HR's requests, counting every 5xx wherever it comes from. */
class Client {
  serverErrors = 0;
  constructor(private readonly problems: string[]) {}

  async send(instance: Instance, method: 'GET' | 'POST' | 'PUT', pathname: string, cookie: string, body?: unknown): Promise<Answer> {
    const base = instance.server.base;
    const response = await fetch(`${base}${pathname}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json', origin: base }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    // Kept byte for byte: a byte-order mark too, which response.text() would drop.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    if (response.status >= 500) {
      this.serverErrors++;
      this.problems.push(`${method} ${pathname} on instance ${instance.label}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    return { status: response.status, text };
  }
}

const parse = <T>(answer: Answer): T => JSON.parse(answer.text) as T;

// ---- Start-up ----

/** What the two start-ups must have left behind together: each thing once, nothing twice. */
async function checkStartup(place: Place, builtinCount: number, problems: string[]): Promise<void> {
  const handle = await place.open();
  try {
    const { db } = handle;
    const versions = await db.select({ scenarioId: scenarioVersions.scenarioId, n: count() }).from(scenarioVersions).groupBy(scenarioVersions.scenarioId);
    if (versions.length !== builtinCount) problems.push(`start-up: ${versions.length} scenarios published, ${builtinCount} built-in files`);
    for (const v of versions) if (v.n !== 1) problems.push(`start-up: ${v.scenarioId} was published ${v.n} times by the two instances`);
    const [published] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'scenario-published'));
    if (published?.n !== builtinCount) problems.push(`start-up: the audit log has ${published?.n} scenario publications, expected ${builtinCount}`);
    const demo = await db.select({ email: users.email }).from(users).where(eq(users.demo, true));
    if (demo.length !== 4) problems.push(`start-up: ${demo.length} demo accounts (${demo.map((d) => d.email).join(', ')}), expected 4`);
    const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: unknown[] };
    const applied = (await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as { rows: { n: number }[] };
    if (applied.rows[0]?.n !== journal.entries.length) problems.push(`start-up: ${applied.rows[0]?.n} migrations recorded, ${journal.entries.length} exist`);
  } finally {
    await handle.close();
  }
}

/** A module of two built-in scenarios assigned to the load trainees' team, so the CSV export has a row per trainee. */
async function assignModule(place: Place, steps: string[]): Promise<void> {
  const handle = await place.open();
  try {
    const [admin] = (await handle.db.select().from(users).where(eq(users.email, 'admin@frontline.test'))) as [User];
    const drillModule = await createModule(handle.db, admin, { title: 'Two instances drill', steps: steps.slice(0, 2), defaultDueDays: 30 });
    await createAssignmentRule(handle.db, admin, { moduleId: drillModule.id, kind: 'team', team: 'Load' });
  } finally {
    await handle.close();
  }
}

// ---- The author ----

interface ExpectedRevision {
  revision: number;
  kind: 'created' | 'saved' | 'conflict';
  basedOn: number | null;
  source: string;
}

interface RevisionSummary {
  revision: number;
  kind: string;
  basedOn: number | null;
  savedBy: string;
  current: boolean;
}

interface SaveAnswer {
  status?: string;
  revision?: number;
  error?: { code: string; details?: { keptAs?: number; current?: { revision: number; source: string } } };
}

interface AuthorStats {
  drafts: number;
  accepted: number;
  races: number;
  refused: number;
  stale: number;
  revisions: number;
}

/**
 * The author: signs in on both instances (each session must work on the other too: one secret),
 * then edits drafts from both until `stopAt`, a new scenario whenever a draft nears the 200
 * revisions the studio lists.
 */
async function author(instances: [Instance, Instance], client: Client, stopAt: number, problems: string[], random: () => number): Promise<AuthorStats> {
  const stats: AuthorStats = { drafts: 0, accepted: 0, races: 0, refused: 0, stale: 0, revisions: 0 };
  const cookies = await Promise.all(instances.map((i) => signIn(i.server.base, AUTHOR_EMAIL, DEMO_PASSWORD, '/studio').then(cookieHeader)));
  do {
    if (!(await editDraft(instances, cookies, client, stopAt, stats, problems, random))) break;
  } while (Date.now() < stopAt);
  return stats;
}

/**
 * Creates a scenario and saves its draft from both instances until `stopAt` or until it has
 * MAX_REVISIONS: on the latest revision (accepted), twice at once on the same revision from both
 * instances (one accepted, one kept as a conflict), now and then on an older revision (refused and
 * kept). Checks every answer against the numbers it must have, then reads the whole history back
 * from both instances. False when something went wrong.
 */
async function editDraft(
  instances: [Instance, Instance],
  cookies: string[],
  client: Client,
  stopAt: number,
  stats: AuthorStats,
  problems: string[],
  random: () => number,
): Promise<boolean> {
  const before = problems.length;
  const problem = (text: string) => problems.push(`author: ${text}`);
  const [a, b] = instances;
  // Created on one instance with the session from the other, read back on the other with the first.
  const created = await client.send(instances[stats.drafts % 2]!, 'POST', '/api/author/scenarios', cookies[(stats.drafts + 1) % 2]!, {
    mode: 'blank',
    title: `Two instances drill ${stats.drafts + 1}`,
  });
  if (created.status !== 201) {
    problem(`creating a scenario on ${instances[stats.drafts % 2]!.label} with the session from the other instance: HTTP ${created.status} ${created.text.slice(0, 300)}`);
    return false;
  }
  stats.drafts++;
  const { scenarioId } = parse<{ scenarioId: string }>(created);
  const scenarioPath = `/api/author/scenarios/${encodeURIComponent(scenarioId)}`;
  const draftPath = `${scenarioPath}/draft`;
  const other = instances[stats.drafts % 2]!;
  const crossRead = await client.send(other, 'GET', draftPath, cookies[(stats.drafts + 1) % 2]!);
  if (crossRead.status !== 200) {
    problem(`reading the new draft on ${other.label} with the session from the other instance: HTTP ${crossRead.status}`);
    return false;
  }
  const anonymous = await client.send(other, 'GET', draftPath, '');
  if (anonymous.status !== 401) problem(`reading the draft on ${other.label} without a session: HTTP ${anonymous.status}, expected 401`);
  const expected: ExpectedRevision[] = [{ revision: 1, kind: 'created', basedOn: null, source: parse<{ source: string }>(crossRead).source }];
  let current = expected[0]!;
  let edits = 0;
  /** A new text of the draft, different from every other one sent. */
  const edit = (how: string, instance: Instance) => {
    const doc = JSON.parse(current.source) as { meta: { summary: string } };
    doc.meta.summary = `Edit ${++edits} (${how}) sent to instance ${instance.label}.`;
    return JSON.stringify(doc, null, 2);
  };
  const put = (instance: Instance, source: string, baseRevision: number) =>
    client.send(instance, 'PUT', draftPath, cookies[edits % 2]!, { source, baseRevision }).then((answer) => ({ answer, json: parse<SaveAnswer>(answer), instance, source }));
  const next = () => expected.length + 1;

  for (let round = 0; Date.now() < stopAt && expected.length + 2 <= MAX_REVISIONS; round++) {
    // The draft as either instance sees it must be the last accepted save.
    const reader = instances[round % 2]!;
    const seen = await client.send(reader, 'GET', draftPath, cookies[round % 2]!);
    const draft = seen.status === 200 ? parse<{ source: string; revision: number }>(seen) : null;
    if (!draft || draft.revision !== current.revision || draft.source !== current.source) {
      problem(
        `instance ${reader.label} shows the draft at revision ${draft?.revision ?? `HTTP ${seen.status}`}, the last accepted save is revision ${current.revision}${draft && draft.revision === current.revision ? ' with other text' : ''}`,
      );
    }
    const kind = random();
    const older = [...expected].reverse().find((r) => r.kind !== 'conflict' && r.revision < current.revision);
    if (kind < 0.45) {
      const target = instances[Math.floor(random() * 2)]!;
      const source = edit('latest', target);
      const { answer, json } = await put(target, source, current.revision);
      if (answer.status !== 200 || json.status !== 'saved' || json.revision !== next()) {
        problem(`a save on the latest revision ${current.revision} to ${target.label}: HTTP ${answer.status} ${answer.text.slice(0, 200)}, expected saved as revision ${next()}`);
        break;
      }
      current = { revision: next(), kind: 'saved', basedOn: current.revision, source };
      expected.push(current);
      stats.accepted++;
    } else if (kind < 0.9 || !older) {
      // Two editors on the same revision, one per instance, saving at the same moment.
      const base = current.revision;
      const sources = [edit('race', a), edit('race', b)];
      const answers = await Promise.all([put(a, sources[0]!, base), put(b, sources[1]!, base)]);
      const won = answers.filter((r) => r.answer.status === 200 && r.json.status === 'saved');
      const lost = answers.filter((r) => r.answer.status === 409 && r.json.error?.code === 'draft-conflict');
      if (won.length !== 1 || lost.length !== 1) {
        problem(
          `two saves on revision ${base} at once: ${answers.map((r) => `${r.instance.label} HTTP ${r.answer.status} ${r.answer.text.slice(0, 150)}`).join('; ')}; expected one saved and one 409 draft-conflict`,
        );
        break;
      }
      const winner = won[0]!;
      const loser = lost[0]!;
      const details = loser.json.error!.details;
      if (winner.json.revision !== next() || details?.keptAs !== next() + 1 || details.current?.revision !== next() || details.current.source !== winner.source) {
        problem(
          `two saves on revision ${base}: ${winner.instance.label} saved as ${winner.json.revision}, ${loser.instance.label} kept as ${details?.keptAs} ` +
            `and told the draft is at ${details?.current?.revision}; expected ${next()}, ${next() + 1} and ${next()} with the winner's text`,
        );
        break;
      }
      current = { revision: next(), kind: 'saved', basedOn: base, source: winner.source };
      expected.push(current, { revision: next() + 1, kind: 'conflict', basedOn: base, source: loser.source });
      stats.races++;
      stats.accepted++;
      stats.refused++;
    } else {
      // A save from an editor who has not seen the last save.
      const target = instances[Math.floor(random() * 2)]!;
      const source = edit('stale', target);
      const { answer, json } = await put(target, source, older.revision);
      if (answer.status !== 409 || json.error?.details?.keptAs !== next() || json.error.details.current?.revision !== current.revision) {
        problem(`a save on the old revision ${older.revision} to ${target.label}: HTTP ${answer.status} ${answer.text.slice(0, 200)}, expected 409 kept as revision ${next()}`);
        break;
      }
      expected.push({ revision: next(), kind: 'conflict', basedOn: older.revision, source });
      stats.stale++;
      stats.refused++;
    }
    await sleep(150 + random() * 300);
  }

  // The whole history, from both instances: the same list, numbered 1..N, each revision as sent.
  const lists = await Promise.all(instances.map((instance, i) => client.send(instance, 'GET', `${scenarioPath}/revisions`, cookies[i]!)));
  if (lists.some((l) => l.status !== 200)) {
    problem(`listing revisions: ${lists.map((l, i) => `${instances[i]!.label} HTTP ${l.status}`).join(', ')}`);
    return false;
  }
  if (lists[0]!.text !== lists[1]!.text) problem(`${scenarioId}: the revision lists read from A and from B differ`);
  const listed = parse<{ revisions: RevisionSummary[] }>(lists[0]!).revisions;
  stats.revisions += listed.length;
  const numbers = listed.map((r) => r.revision).reverse();
  if (JSON.stringify(numbers) !== JSON.stringify(expected.map((r) => r.revision))) {
    problem(`${scenarioId}: revisions listed ${numbers.join(',')}; expected 1 to ${expected.length} without gaps or duplicates`);
  }
  for (const row of listed) {
    const wanted = expected[row.revision - 1];
    if (!wanted) continue;
    if (row.kind !== wanted.kind || row.basedOn !== wanted.basedOn)
      problem(`${scenarioId}: revision ${row.revision} is ${row.kind} on ${row.basedOn}, expected ${wanted.kind} on ${wanted.basedOn}`);
    if (row.current !== (row.revision === current.revision))
      problem(`${scenarioId}: revision ${row.revision} is${row.current ? '' : ' not'} marked current; the draft is revision ${current.revision}`);
  }
  for (const wanted of expected) {
    const instance = instances[wanted.revision % 2]!;
    const read = await client.send(instance, 'GET', `${scenarioPath}/revisions/${wanted.revision}`, cookies[wanted.revision % 2]!);
    if (read.status !== 200 || parse<{ source: string }>(read).source !== wanted.source)
      problem(`${scenarioId}: revision ${wanted.revision} read on ${instance.label}: HTTP ${read.status}, not the text that was sent`);
  }
  const drafts = await Promise.all(instances.map((instance, i) => client.send(instance, 'GET', draftPath, cookies[i]!)));
  drafts.forEach((d, i) => {
    const draft = d.status === 200 ? parse<{ source: string; revision: number }>(d) : null;
    if (draft?.revision !== current.revision || draft.source !== current.source)
      problem(`${scenarioId}: the draft on ${instances[i]!.label} is at revision ${draft?.revision ?? `HTTP ${d.status}`}, the last accepted save is ${current.revision}`);
  });
  return problems.length === before;
}

// ---- HR ----

/** What the ledger held at a moment: every attempt, its scenario and the events acknowledged in it. */
const snapshotOf = (ledger: Ledger) => new Map([...ledger.attempts].map(([id, a]) => [id, { scenarioId: a.scenarioId, events: [...a.events] }]));

type Acknowledged = ReturnType<typeof snapshotOf>;

const scenariosById = new Map(builtinScenarios().map((s) => [s.doc.id, s]));

/** The trainee's words for each event of an attempt, found by stepping the scenario from its start. */
function wordsAlong(scenarioId: string, events: readonly string[]): (string | null)[] {
  const scenario = scenariosById.get(scenarioId);
  if (!scenario) return events.map(() => null);
  let snapshot = initialSnapshot(scenario);
  return events.map((event) => {
    const option = openOptions(scenario, snapshot).find((o) => o.event === event);
    const stepped = step(scenario, snapshot, event);
    if (stepped.ok) snapshot = stepped.next;
    return option?.text ?? null;
  });
}

/** Problems with a CSV download: it must parse whole, with the header and one row per load trainee. */
function csvProblems(text: string, trainees: number): { rows: number; problems: string[] } {
  const problems: string[] = [];
  if (!text.startsWith('\uFEFF')) problems.push('does not start with the byte-order mark');
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  if (parsed.errors.length)
    problems.push(
      `does not parse: ${parsed.errors
        .slice(0, 3)
        .map((e) => `row ${e.row}: ${e.message}`)
        .join('; ')}`,
    );
  const [header, ...rows] = parsed.data;
  if (JSON.stringify(header) !== JSON.stringify(CSV_COLUMNS)) problems.push(`header ${JSON.stringify(header)}`);
  const short = rows.filter((r) => r.length !== CSV_COLUMNS.length).length;
  if (short) problems.push(`${short} row(s) without ${CSV_COLUMNS.length} cells`);
  const emails = rows.map((r) => r[1]).sort();
  const wanted = Array.from({ length: trainees }, (_, i) => loadEmail(i)).sort();
  if (JSON.stringify(emails) !== JSON.stringify(wanted)) problems.push(`${rows.length} rows, not one for each of the ${trainees} trainees`);
  return { rows: rows.length, problems };
}

/**
 * Problems with an xAPI download: it must parse, with unique statement ids, and hold every attempt
 * and choice acknowledged before it was asked for (`exact`: nothing else either).
 */
function xapiProblems(text: string, acknowledged: Acknowledged, exact: boolean): { statements: number; problems: string[] } {
  let statements: XapiStatement[];
  try {
    statements = (JSON.parse(text) as { statements: XapiStatement[] }).statements;
    if (!Array.isArray(statements)) throw new Error('no statements array');
  } catch (error) {
    return { statements: 0, problems: [`does not parse (${(error as Error).message}; ${text.length} characters, ending ${JSON.stringify(text.slice(-40))})`] };
  }
  const problems: string[] = [];
  const byId = new Map(statements.map((s) => [s.id, s]));
  if (byId.size !== statements.length) problems.push(`${statements.length - byId.size} duplicate statement id(s)`);
  let missing = 0;
  let wrong = 0;
  for (const [attemptId, { scenarioId, events }] of acknowledged) {
    if (!byId.has(statementId(attemptId, 'attempted'))) missing++;
    const words = wordsAlong(scenarioId, events);
    events.forEach((event, seq) => {
      const answered = byId.get(statementId(attemptId, `answered/${seq}`));
      // An assessment in progress is sealed: its answer names the reply by the position shown, with its words.
      const sealed = byId.get(statementId(attemptId, `sealed/answered/${seq}`));
      // A reply typed in the trainee's own words (these trainees type the reply's own words) is a fill-in: its response is the words.
      const understoodAs = (statement: XapiStatement) => Object.entries(statement.result?.extensions ?? {}).find(([iri]) => iri.endsWith('/understood-as'))?.[1];
      if (answered) {
        const typed = answered.object.definition?.interactionType === 'long-fill-in';
        if (typed ? understoodAs(answered) !== event || answered.result?.response !== words[seq] : answered.result?.response !== event) wrong++;
      } else if (sealed) {
        if (sealed.object.definition?.interactionType === 'long-fill-in') {
          if (sealed.result?.response !== words[seq] || understoodAs(sealed) === undefined) wrong++;
        } else {
          const chosen = sealed.object.definition?.choices?.find((c) => c.id === sealed.result?.response);
          if (!chosen || Object.values(chosen.description)[0] !== words[seq]) wrong++;
        }
      } else missing++;
    });
  }
  if (missing) problems.push(`${missing} acknowledged attempt start(s) or choice(s) missing`);
  if (wrong) problems.push(`${wrong} choice(s) with another response than the one acknowledged`);
  if (exact) {
    const choices = [...acknowledged.values()].reduce((sum, { events }) => sum + events.length, 0);
    const answered = statements.filter((s) => s.verb.id === VERBS.answered).length;
    const foreign = statements.filter((s) => !acknowledged.has(s.context.registration)).length;
    if (foreign) problems.push(`${foreign} statement(s) of attempts that were never acknowledged`);
    if (answered !== choices) problems.push(`${answered} answered statements, ${choices} choices acknowledged`);
  }
  return { statements: statements.length, problems };
}

/** HR downloads both exports from alternating instances every few seconds until `stopAt`. */
async function hrDuringLoad(
  instances: [Instance, Instance],
  client: Client,
  cookie: string,
  ledger: Ledger,
  trainees: number,
  stopAt: number,
  everyMs: number,
  problems: string[],
) {
  const stats = { csvDownloads: 0, xapiDownloads: 0 };
  for (let round = 0; Date.now() < stopAt; round++) {
    const csvFrom = instances[round % 2]!;
    const xapiFrom = instances[(round + 1) % 2]!;
    const before = snapshotOf(ledger);
    const [csv, xapi] = await Promise.all([client.send(csvFrom, 'GET', '/api/hr/assignments/export', cookie), client.send(xapiFrom, 'GET', '/api/hr/xapi', cookie)]);
    if (csv.status !== 200) problems.push(`HR: CSV export ${round + 1} from ${csvFrom.label}: HTTP ${csv.status}`);
    else for (const p of csvProblems(csv.text, trainees).problems) problems.push(`HR: CSV export ${round + 1} from ${csvFrom.label} ${p}`);
    if (xapi.status !== 200) problems.push(`HR: xAPI export ${round + 1} from ${xapiFrom.label}: HTTP ${xapi.status}`);
    else for (const p of xapiProblems(xapi.text, before, false).problems) problems.push(`HR: xAPI export ${round + 1} from ${xapiFrom.label}: ${p}`);
    stats.csvDownloads++;
    stats.xapiDownloads++;
    await sleep(Math.min(everyMs, Math.max(0, stopAt - Date.now())));
  }
  return stats;
}

// ---- The drill ----

export async function twoInstancesDrill(options: TwoInstancesOptions): Promise<TwoInstancesReport> {
  const { log } = options;
  const problems: string[] = [];
  const client = new Client(problems);
  const place = await postgresPlace();
  try {
    const setup = await place.open();
    try {
      await createLoadTrainees(setup.db, options.trainees);
    } finally {
      await setup.close();
    }
    const portA = await freePort();
    let portB = await freePort();
    while (portB === portA) portB = await freePort();
    // Both answer as one site, as behind a load balancer: the same public URL and session secret.
    const publicUrl = `http://localhost:${portA}`;
    log(`starting instances A (port ${portA}) and B (port ${portB}) at the same time on one PostgreSQL…`);
    const spawned = Date.now();
    const started = await Promise.allSettled(
      [portA, portB].map(async (port, i) => {
        const server = await startProductionServer({ log }, `instance ${'AB'[i]}`, place.serverEnv, { port, publicUrl });
        return { server, seconds: (Date.now() - spawned) / 1000 };
      }),
    );
    const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.server] : []));
    const stopAll = () => Promise.all(running.map((s) => s.stop()));
    if (started.some((s) => s.status === 'rejected')) {
      await stopAll();
      const reasons = started.flatMap((s, i) => (s.status === 'rejected' ? [`instance ${'AB'[i]}: ${(s.reason as Error).message}`] : []));
      throw new Error(`the two instances did not both start:\n${reasons.join('\n')}`);
    }
    const [first, second] = started.map((s) => (s as PromiseFulfilledResult<{ server: ProductionServer; seconds: number }>).value);
    const startup = { bothS: (Date.now() - spawned) / 1000, eachS: [first!.seconds, second!.seconds] as [number, number] };
    const instances: [Instance, Instance] = [
      { label: 'A', server: first!.server },
      { label: 'B', server: second!.server },
    ];
    log(`both answer after ${startup.bothS.toFixed(1)} s (A ${startup.eachS[0].toFixed(1)} s, B ${startup.eachS[1].toFixed(1)} s)`);

    const ledger = new Ledger();
    const stats = new LoadStats();
    const resumeProblems: string[] = [];
    const scenarios = builtinScenarios();
    const traineeRequests: [number, number] = [0, 0];
    let report: Omit<TwoInstancesReport, 'records' | 'problems' | 'serverErrors'>;
    try {
      await checkStartup(place, scenarios.length, problems);
      await assignModule(
        place,
        scenarios.map((s) => s.doc.id),
      );

      // Each trainee sends each request to the other instance than its last one.
      const turns = Array.from({ length: options.trainees }, (_, i) => i);
      const trainees = Array.from({ length: options.trainees }, (_, i) => {
        const base = () => {
          const index = turns[i]!++ % 2;
          traineeRequests[index]!++;
          return instances[index]!.server.base;
        };
        return new SimulatedTrainee({ email: loadEmail(i), scenarios, ledger, stats, base, seed: i + 1, thinkMs: options.thinkMs ?? 0 });
      });
      log(`signing in ${options.trainees} trainees, the author and HR…`);
      await signInAll(trainees);
      const hrCookie = cookieHeader(await signIn(instances[1].server.base, HR_EMAIL, DEMO_PASSWORD, '/hr'));

      log(`${options.trainees} trainees alternating between A and B, the author saving from both, HR exporting from both, for ${options.seconds} s…`);
      const began = Date.now();
      const stopAt = began + options.seconds * 1000;
      // Seeded, so the author's sequence of saves repeats from run to run.
      const seeded = new SeededRandom(0x5eed);
      const random = () => seeded.next();
      const progress = setInterval(() => log(`${Math.round((Date.now() - began) / 1000)} s: ${ledger.choices} choices acknowledged`), 15_000);
      let authorStats: TwoInstancesReport['author'];
      let exports: { csvDownloads: number; xapiDownloads: number };
      try {
        const playing = Promise.all(trainees.map((t) => t.play(stopAt)));
        [authorStats, exports] = await Promise.all([
          author(instances, client, stopAt, problems, random),
          hrDuringLoad(instances, client, hrCookie, ledger, options.trainees, stopAt, (options.exportEveryS ?? 3) * 1000, problems),
          playing,
        ]).then(([a, h]) => [a, h] as const);
      } finally {
        clearInterval(progress);
      }
      const seconds = (Date.now() - began) / 1000;

      // Everyone has stopped: the last exports from each instance must be the same, byte for byte.
      const acknowledged = snapshotOf(ledger);
      const last = await Promise.all(
        instances.map(async (instance) => ({
          csv: await client.send(instance, 'GET', '/api/hr/assignments/export', hrCookie),
          xapi: await client.send(instance, 'GET', '/api/hr/xapi', hrCookie),
        })),
      );
      let csvRows = 0;
      let statements = 0;
      last.forEach(({ csv, xapi }, i) => {
        const label = instances[i]!.label;
        if (csv.status !== 200 || xapi.status !== 200) problems.push(`HR: the last exports from ${label}: HTTP ${csv.status} and ${xapi.status}`);
        const csvCheck = csvProblems(csv.text, options.trainees);
        const xapiCheck = xapiProblems(xapi.text, acknowledged, true);
        csvRows = csvCheck.rows;
        statements = xapiCheck.statements;
        for (const p of csvCheck.problems) problems.push(`HR: the last CSV export from ${label} ${p}`);
        for (const p of xapiCheck.problems) problems.push(`HR: the last xAPI export from ${label}: ${p}`);
      });
      if (last[0]!.csv.text !== last[1]!.csv.text) problems.push('HR: the last CSV exports from A and B differ');
      if (last[0]!.xapi.text !== last[1]!.xapi.text) problems.push('HR: the last xAPI exports from A and B differ');

      // Each attempt must resume where its trainee left it, asked of each instance in turn.
      for (const [i, trainee] of trainees.entries()) {
        for (let asked = 0; asked < 2; asked++) {
          const label = instances[turns[i]! % 2]!.label;
          const problem = await trainee.resumeMismatch();
          if (problem) resumeProblems.push(`asked of ${label}: ${problem}`);
        }
      }
      report = {
        backend: 'postgres',
        trainees: options.trainees,
        seconds,
        stats,
        resumeProblems,
        kills: [],
        memory: [],
        startup,
        traineeRequests,
        author: authorStats,
        hr: { ...exports, csvRows, statements },
      };
    } finally {
      await stopAll();
    }
    const check = await place.open();
    try {
      const records = await checkRecords(check.db, ledger);
      return { ...report, records, serverErrors: client.serverErrors, problems };
    } finally {
      await check.close();
    }
  } finally {
    await place.dispose();
  }
}
