/**
 * Sends the xAPI statements of finished attempts to the Learning Record Store set by
 * FRONTLINE_LRS_ENDPOINT, FRONTLINE_LRS_KEY and FRONTLINE_LRS_SECRET, once, and says what happened.
 *   npm run -s lrs:send               send every attempt that is due
 *   npm run -s lrs:send -- --status   counts only; sends nothing (also how scores to LMS gradebooks stand)
 *   npm run -s lrs:send -- --retry    make every unsent attempt due now (held ones too), then send;
 *                                     unsent scores to LMS gradebooks are made due too (the server posts them)
 * Exit codes: 0 nothing failed, 1 something failed or was held, 2 bad usage or no store set.
 * With the embedded database, stop the server first: only one process may open it (the server
 * sends on its own every 30 seconds while it runs).
 */
import { closeDatabase, database } from '@/server/db';
import { DatabaseLockedError } from '@/server/db/client';
import { deliveryStatus, HELD_UNTIL, retryUnsentNow, sendPendingStatements, statementsEndpoint, type SendReport } from '@/server/xapi/lrs';
import { gradeStatus, retryUnsentGradesNow } from '@/server/lti/grades';
import { settingsFromEnv, SettingsError } from '@/server/platform/settings';
import { publicOrigin } from '@/server/platform/site-origin';

const USAGE = 'usage: npm run -s lrs:send [-- --status | --retry]';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const unknown = args.find((a) => a !== '--status' && a !== '--retry');
if (unknown) fail(2, `unknown option ${unknown}\n${USAGE}`);
if (args.includes('--status') && args.includes('--retry')) fail(2, `--status and --retry do not go together\n${USAGE}`);

let config;
try {
  config = settingsFromEnv(process.env);
} catch (error) {
  fail(2, error instanceof SettingsError ? error.message : String(error));
}
const lrs = config.lrs;
if (!lrs && !args.includes('--status')) {
  fail(2, 'No Learning Record Store is set: set FRONTLINE_LRS_ENDPOINT, FRONTLINE_LRS_KEY and FRONTLINE_LRS_SECRET.');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const when = (date: Date | null) => (!date ? 'now' : date.getTime() >= HELD_UNTIL.getTime() ? 'held' : date.toISOString());
const out = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);

let exitCode = 0;
try {
  const { db } = await database();
  if (args.includes('--status')) {
    const status = await deliveryStatus(db);
    out([
      `Learning Record Store: ${lrs ? statementsEndpoint(lrs) : 'not set'}`,
      `Finished attempts: ${status.finished}`,
      `Sent: ${status.sent}`,
      `Due now: ${status.due}`,
      `Waiting for a retry: ${status.waiting}`,
      `Held after a conflict: ${status.held}`,
      ...(status.problems.length
        ? [
            'Unsent after a failure (latest first):',
            ...status.problems.map((p) => `  ${p.attemptId}: ${plural(p.tries, 'try', 'tries')}, next ${when(p.nextTryAt)}. ${p.lastError}`),
          ]
        : []),
    ]);
    // Scores posted to LMS gradebooks (LTI) are retried the same way, by the server's own loop.
    const grades = await gradeStatus(db);
    out([
      `LMS gradebooks (LTI): ${grades.finished} finished attempts with a line item, ${grades.sent} posted, ${grades.waiting} waiting for a retry`,
      ...grades.problems.map((p) => `  ${p.attemptId}: ${plural(p.tries, 'try', 'tries')}, next ${when(p.nextTryAt)}. ${p.lastError}`),
      `LMS gradebooks (LTI), modules: ${grades.modulesSent} module scores posted`,
      ...grades.moduleProblems.map((p) => `  launch ${p.launchId}: ${plural(p.tries, 'try', 'tries')}, next ${when(p.nextTryAt)}. ${p.lastError}`),
    ]);
  } else {
    if (args.includes('--retry')) {
      out([`Made ${plural(await retryUnsentNow(db), 'unsent attempt')} due now.`]);
      const grades = await retryUnsentGradesNow(db);
      if (grades) out([`Made ${plural(grades, 'unsent score')} for LMS gradebooks due now; the server posts them within a minute.`]);
    }
    const site = publicOrigin();
    const total: SendReport = { due: 0, sent: [], failed: [], held: [], stoppedEarly: null };
    // Round after round until nothing is due, or the store itself fails.
    for (;;) {
      const report = await sendPendingStatements(db, lrs!, { site, batchSize: 100 });
      total.due += report.due;
      total.sent.push(...report.sent);
      total.failed.push(...report.failed);
      total.held.push(...report.held);
      total.stoppedEarly = report.stoppedEarly;
      if (report.stoppedEarly || report.due < 100) break;
    }
    const status = await deliveryStatus(db);
    const statements = total.sent.reduce((n, s) => n + s.statements, 0);
    out([
      `Sent ${plural(total.sent.length, 'attempt')} (${plural(statements, 'statement')}) to ${statementsEndpoint(lrs!)}.`,
      ...(total.failed.length
        ? [`Failed: ${total.failed.length}`, ...total.failed.map((f) => `  ${f.attemptId} (try ${f.tries}): ${f.error} Next try ${when(f.nextTryAt)}.`)]
        : []),
      ...(total.held.length ? [`Held after a conflict: ${total.held.length}`, ...total.held.map((h) => `  ${h.attemptId}: ${h.error}`)] : []),
      ...(total.stoppedEarly ? ['Stopped early: the store is failing, so the rest waits for the next run.'] : []),
      `Still to send: ${status.due} due, ${status.waiting} waiting for a retry, ${status.held} held.`,
    ]);
    if (total.failed.length || total.held.length) exitCode = 1;
  }
} catch (error) {
  const detail = error instanceof DatabaseLockedError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`Could not send: ${detail}\n`);
  exitCode = 1;
} finally {
  await closeDatabase();
}
process.exit(exitCode);
