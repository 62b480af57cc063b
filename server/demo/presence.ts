import 'server-only';
import { like, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { users } from '../db/schema';
import { DEMO_EMAIL_PATTERN } from './people';

/** Whether demo data is there, and removing all of it without touching anyone else's. */

/** The database already holds demo data; seeding again needs `force`. */
export class DemoDataPresentError extends Error {}
/** Seeding would reach people who are not demo data. */
export class DemoDataRefusedError extends Error {}

/** The demo accounts' ids, as a subquery for statements over many tables. */
export const demoUserIds = sql`(SELECT id FROM users WHERE email LIKE ${DEMO_EMAIL_PATTERN})`;

/** How many demo accounts the database holds. */
export async function demoDataCount(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(users)
    .where(like(users.email, DEMO_EMAIL_PATTERN));
  return row?.n ?? 0;
}

/** Removes every demo account and what hangs off it: their attempts, assignments, totals, and the demo modules. */
export async function removeDemoData(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const demoModules = sql`(SELECT id FROM modules WHERE created_by IN ${demoUserIds})`;
    const [held] = await tx
      .execute<{ n: number }>(
        sql`
      SELECT count(*)::integer AS n FROM assignments a JOIN assignment_rules r ON r.id = a.rule_id
      WHERE r.module_id IN ${demoModules} AND a.user_id NOT IN ${demoUserIds}`,
      )
      .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    if (held && held.n > 0) {
      throw new DemoDataRefusedError(`The demo modules are held by ${held.n} assignment(s) of people who are not demo data; unassign them before removing the demo data.`);
    }
    const demoAttempts = sql`(SELECT id FROM attempts WHERE user_id IN ${demoUserIds})`;
    await tx.execute(sql`DELETE FROM lrs_deliveries WHERE attempt_id IN ${demoAttempts}`);
    await tx.execute(sql`DELETE FROM attempt_events WHERE attempt_id IN ${demoAttempts}`);
    await tx.execute(sql`DELETE FROM attempt_retried_decisions WHERE attempt_id IN ${demoAttempts}`);
    await tx.execute(sql`DELETE FROM typed_replies WHERE attempt_id IN ${demoAttempts}`);
    await tx.execute(sql`DELETE FROM attempt_time_mode_changes WHERE attempt_id IN ${demoAttempts}`);
    await tx.execute(sql`DELETE FROM attempts WHERE user_id IN ${demoUserIds}`);
    await tx.execute(sql`DELETE FROM principle_totals WHERE user_id IN ${demoUserIds}`);
    await tx.execute(
      sql`DELETE FROM assignments WHERE user_id IN ${demoUserIds} OR rule_id IN (SELECT id FROM assignment_rules WHERE module_id IN ${demoModules} OR user_id IN ${demoUserIds})`,
    );
    await tx.execute(sql`DELETE FROM assignment_rules WHERE module_id IN ${demoModules} OR user_id IN ${demoUserIds}`);
    await tx.execute(sql`UPDATE assignment_rules SET removed_by = NULL WHERE removed_by IN ${demoUserIds}`);
    await tx.execute(sql`DELETE FROM module_versions WHERE module_id IN ${demoModules}`);
    await tx.execute(sql`DELETE FROM modules WHERE id IN ${demoModules}`);
    await tx.execute(sql`DELETE FROM password_links WHERE user_id IN ${demoUserIds} OR created_by IN ${demoUserIds}`);
    await tx.execute(sql`DELETE FROM mail_outbox WHERE user_id IN ${demoUserIds}`);
    await tx.execute(sql`DELETE FROM audit_log WHERE actor_id IN ${demoUserIds} OR target_user_id IN ${demoUserIds}`);
    await tx.execute(sql`UPDATE scenario_versions SET published_by = NULL WHERE published_by IN ${demoUserIds}`);
    const removed = await tx.delete(users).where(like(users.email, DEMO_EMAIL_PATTERN)).returning({ id: users.id });
    return removed.length;
  });
}
