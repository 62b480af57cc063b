import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { passwordLinkStatus } from '@/server/people/password-links';
import { openDatabase } from '@/server/db/client';
import { auditLog, users } from '@/server/db/schema';

const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-accounts-cli-'));
const cli = (...args: string[]) => {
  const env = { ...process.env, FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '', NEXTAUTH_URL: 'https://training.example.com' };
  const run = spawnSync(path.join('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/accounts.ts', ...args], { encoding: 'utf8', env });
  return { code: run.status, out: run.stdout, err: run.stderr };
};
const tokenIn = (out: string) => /https:\/\/training\.example\.com\/set-password\/([A-Za-z0-9_-]{43})/.exec(out)?.[1];

describe('npm run accounts -- admin', () => {
  it('creates the first administrator with a one-time link, and gives an existing account admin back', async () => {
    const first = cli('admin', 'Boss@Example.com', '--name', 'Bea Boss');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Created Bea Boss <boss@example.com> as an administrator.');
    const firstToken = tokenIn(first.out);
    expect(firstToken).toBeDefined();

    const again = cli('admin', 'boss@example.com');
    expect(again.code).toBe(0);
    expect(again.out).toContain('Updated Bea Boss <boss@example.com> as an administrator.');
    const secondToken = tokenIn(again.out)!;

    const handle = await openDatabase({ databaseUrl: null, dataDir });
    try {
      const [boss] = await handle.db.select().from(users).where(eq(users.email, 'boss@example.com'));
      expect(boss).toMatchObject({ role: 'admin', active: true, passwordHash: null });
      // The newer link works; the first one was voided by it.
      expect(await passwordLinkStatus(handle.db, secondToken)).toMatchObject({ state: 'valid', email: 'boss@example.com' });
      expect(await passwordLinkStatus(handle.db, firstToken!)).toEqual({ state: 'expired' });
      const entries = await handle.db.select().from(auditLog).where(eq(auditLog.targetUserId, boss!.id));
      expect(entries.map((e) => [e.action, e.actorId, e.details.via]).sort()).toEqual([
        ['password-link-created', null, 'console'],
        ['password-link-created', null, 'console'],
        ['user-created', null, 'console'],
      ]);
    } finally {
      await handle.close();
    }
  });

  it('refuses bad usage with exit code 2 and an unknown account without a name with 1, changing nothing', () => {
    expect(cli('admin', 'not-an-email')).toMatchObject({ code: 2, err: '"not-an-email" is not an email address.\n' });
    expect(cli()).toMatchObject({ code: 2 });
    const unnamed = cli('admin', 'someone@example.com');
    expect(unnamed.code).toBe(1);
    expect(unnamed.err).toContain("There is no account for someone@example.com yet: give the new administrator's name with --name.");
  });
});
