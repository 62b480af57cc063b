import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/server/db/client';
import { attempts, users } from '@/server/db/schema';

const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-seed-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const cli = (...args: string[]) => {
  const env = { ...process.env, FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '', FRONTLINE_TIME_ZONE: 'America/New_York' };
  const run = spawnSync(path.join('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/seed-demo.ts', ...args], { encoding: 'utf8', env });
  return { code: run.status, out: run.stdout, err: run.stderr };
};

describe('npm run seed:demo', () => {
  it('explains bad arguments with exit code 2 and touches nothing', () => {
    expect(cli()).toMatchObject({ code: 2, err: expect.stringContaining('say how many trainees to add with --trainees N') });
    expect(cli('--trainees', 'many')).toMatchObject({ code: 2, err: expect.stringContaining('--trainees must be a whole number from 1 to 100,000, not "many"') });
    expect(cli('--trainees', '0')).toMatchObject({ code: 2 });
    expect(cli('--trainees')).toMatchObject({ code: 2, err: expect.stringContaining('--trainees needs a value') });
    expect(cli('--trainees=5', '--seed')).toMatchObject({ code: 2, err: expect.stringContaining('--seed needs a value') });
    expect(cli('--trainees', '5', '--fast')).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --fast') });
    expect(cli('5')).toMatchObject({ code: 2, err: expect.stringContaining('unexpected argument "5"') });
    expect(cli('--help')).toMatchObject({ code: 0, out: expect.stringContaining('usage: npm run -s seed:demo -- --trainees N') });
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  });

  it('seeds the embedded database with a summary and timing, refuses a second time, and replaces with --force', async () => {
    const first = cli('--trainees', '12', '--seed', 'cli');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Added 12 trainees \(\d+ deactivated\) in 6 teams, 5 modules by \d+ rules\.$/m);
    expect(first.out).toMatch(/^Assignments: \d+ — \d+ completed, \d+ completed late, \d+ in progress, \d+ not started, \d+ overdue\.$/m);
    expect(first.out).toMatch(/^Attempts: \d+ \(\d+ unfinished\) with [\d,]+ choices\.$/m);
    expect(first.out).toMatch(/^Done in \d+\.\d s\./m);
    expect(first.err).toContain(`Seeding the embedded database in ${dataDir} (seed "cli")`);
    expect(first.err).toMatch(/Attempts: 12 of 12 trainees/);

    const again = cli('--trainees', '12');
    expect(again.code).toBe(1);
    expect(again.err).toContain('The database already holds demo data. Seed again with force (--force) to replace it.');

    const forced = cli('--trainees', '7', '--force', '--attempts', '5');
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('Removed the demo data that was there (14 accounts).');
    expect(forced.out).toMatch(/^Added 7 trainees/m);

    const handle = await openDatabase({ databaseUrl: null, dataDir });
    try {
      const trainees = await handle.db
        .select()
        .from(users)
        .where(and(like(users.email, '%@demo.frontline.test'), eq(users.role, 'trainee')));
      expect(trainees).toHaveLength(7);
      const made = await handle.db.select().from(attempts);
      expect(made.length).toBeGreaterThan(0);
      expect(made.length).toBeLessThan(7 * 5 * 2);
    } finally {
      await handle.close();
    }
  });
});
