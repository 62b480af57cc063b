import 'server-only';
import { everyInterval, type Rounds } from '../platform/rounds';
import type { Database } from '../db';
import type { Settings } from '../platform/settings';
import { outboxMode } from './outbox';
import { queueScheduledReminders } from './reminders';
import { organisationProfile } from '../organisation/settings';
import { sendQueuedMail, smtpTransport, summariseRound } from './sender';

export interface MailWorkerOptions {
  /** Time between sending rounds. */
  intervalMs?: number;
  /** Time between the scheduler's looks for reminders that are due. */
  remindersEveryMs?: number;
  /** Time before the first round, so start-up finishes first. */
  firstRoundAfterMs?: number;
  site: string;
  log?: (line: string) => void;
}

export type MailWorker = Rounds;

/**
 * The server's mail loop, as the xAPI sender's: a round every 30 seconds (a timer that does not
 * keep the process alive) sends what is due, and while rounds come back full the next starts at
 * once; every hour it also queues the reminders that have come due. In demo mode without a mail
 * server it only queues (as previews). Two servers may both run it: claims and keys keep every
 * mail single.
 */
export function startMailWorker(db: Database, config: Pick<Settings, 'mail' | 'demo' | 'timeZone' | 'organisationName'>, options: MailWorkerOptions): MailWorker | null {
  const mode = outboxMode(config);
  if (mode === 'off') return null;
  const intervalMs = options.intervalMs ?? 30_000;
  const remindersEveryMs = options.remindersEveryMs ?? 3_600_000;
  const log = options.log ?? ((line: string) => console.log(line));
  const transport = config.mail ? smtpTransport(config.mail) : null;
  let lastReminders = 0;
  const rounds = everyInterval(
    async (stopped) => {
      try {
        if (Date.now() - lastReminders >= remindersEveryMs) {
          lastReminders = Date.now();
          const queued = await queueScheduledReminders(db, new Date(), config.timeZone);
          if (queued) log(`Frontline: queued ${queued} email reminder${queued === 1 ? '' : 's'}${mode === 'preview' ? ' (previews: no mail server is set)' : ''}.`);
        }
        if (!config.mail || !transport) return;
        for (;;) {
          // The name an admin set wins over the environment's (decision 041), read each round so a change applies at once.
          const organisationName = (await organisationProfile(db)).nameSet ?? config.organisationName;
          const report = await sendQueuedMail(db, config.mail, { site: options.site, organisationName, transport, now: new Date() });
          for (const line of summariseRound(report)) log(line);
          if (stopped() || report.stoppedEarly || report.due < 50) break;
        }
      } catch (error) {
        console.error('Frontline: sending email failed:', error);
      }
    },
    { intervalMs, firstRoundAfterMs: options.firstRoundAfterMs },
  );

  return {
    async stop() {
      await rounds.stop();
      transport?.close();
    },
  };
}
