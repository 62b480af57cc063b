import 'server-only';
import path from 'node:path';
import { settings } from './settings';
import { closeDatabase, database } from '../db';
import { DatabaseLockedError } from '../db/client';
import { seedDemoOnFirstStart } from '../demo/data';
import { startLrsSender } from '../xapi/lrs';
import { startMailWorker } from '../mail/worker';
import { publicOrigin } from './site-origin';
import { startGradeSender } from '../lti/grades';
import { describeSkipped, publishBuiltinScenarios } from '../training/library';
import { syncDemoAccounts } from '../auth/sign-in';

export const BUILTIN_SCENARIO_DIRECTORY = path.join(process.cwd(), 'scenarios');

/**
 * Start-up work, once per server process: migrate, publish the built-in scenarios, set up the
 * demo accounts and, on a first start in demo mode, demo trainees; start sending statements to a
 * Learning Record Store when one is set, and scores to LMS gradebooks. A scenario file that fails the checker is reported and skipped.
 */
export async function bootServer(): Promise<void> {
  const config = settings();
  const { db, kind } = await database();
  const report = await publishBuiltinScenarios(db, BUILTIN_SCENARIO_DIRECTORY);
  for (const skipped of report.skipped) for (const line of describeSkipped(skipped)) console.error(line);
  for (const { id, version } of report.published) console.log(`Frontline: published ${id} v${version}`);
  await syncDemoAccounts(db, config.demo);
  const demoData = await seedDemoOnFirstStart(db, config);
  if ('seeded' in demoData) console.log(`Frontline: added ${demoData.seeded.trainees} demo trainees with teams, assignments and attempts.`);
  // Scores of attempts launched from an LMS go to its gradebook (a round with nothing due is one query).
  startGradeSender(db);
  if (config.lrs) {
    startLrsSender(db, config.lrs);
    console.log(`Frontline: sending the xAPI statements of finished attempts to ${config.lrs.endpoint}/statements`);
  }
  if (startMailWorker(db, config, { site: publicOrigin() })) {
    console.log(
      config.mail ? 'Frontline: sending email through the SMTP server set by FRONTLINE_SMTP_URL.' : 'Frontline: no mail server is set: email is kept as previews on /admin/mail.',
    );
  }
  console.log(
    `Frontline: database ${kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'}, ` +
      `${report.published.length + report.unchanged.length} scenarios ready${config.demo ? ', demo mode' : ''}.`,
  );
}

/** Runs start-up, and stops the process with a clear message when it cannot start. */
export async function bootOrExit(): Promise<void> {
  // Close the embedded database cleanly on the way out, so the next start needs no recovery.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void closeDatabase().finally(() => process.exit(0)));
  }
  try {
    await bootServer();
  } catch (error) {
    const message = error instanceof DatabaseLockedError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`Frontline cannot start: ${message}`);
    process.exit(1);
  }
}
