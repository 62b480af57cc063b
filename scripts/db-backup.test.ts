import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, saveDraft } from '@/server/studio/authoring';
import { DatabaseLockedError, openDatabase, pgliteDirectory, type DatabaseHandle } from '@/server/db/client';
import { scenarioDraftRevisions, users, type User } from '@/server/db/schema';
import { seedDemoData } from '@/server/demo/data';
import { publishBuiltinScenarios } from '@/server/training/library';
import { backupEmbeddedDatabase, BackupError, restoreEmbeddedDatabase, tableDigests, type TableDigest } from './db-backup';

/**
 * The backup drill: a database with people, attempts, modules and a studio draft is backed up,
 * restored into a new directory, and every table has the same rows, by count and by content.
 */

const digestsOf = (handle: DatabaseHandle) =>
  tableDigests(async (query) => ({ rows: ((await handle.db.execute(sql.raw(query))) as unknown as { rows: Record<string, unknown>[] }).rows }));

describe('backing up and restoring the embedded database', () => {
  let root: string;
  let dataDir: string;
  let backup: string;
  let before: Record<string, TableDigest>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'frontline-backup-'));
    dataDir = path.join(root, 'original');
    backup = path.join(root, 'backup.tar.gz');
    const handle = await openDatabase({ databaseUrl: null, dataDir });
    try {
      await publishBuiltinScenarios(handle.db, path.join(process.cwd(), 'scenarios'));
      await seedDemoData(handle.db, { trainees: 12, seed: 'backup drill', attemptsPerTrainee: 4, now: new Date('2026-11-20T12:00:00Z'), timeZone: 'Europe/London' });
      const [author] = (await handle.db.insert(users).values({ name: 'Bea Backup', email: 'bea@example.test', role: 'trainer' }).returning()) as [User];
      const { scenarioId } = await createScenario(handle.db, author, { mode: 'blank', title: 'Kept through a restore' });
      await saveDraft(handle.db, author, scenarioId, { source: JSON.stringify({ id: scenarioId, note: 'unpublished work ✓' }), baseRevision: 1 });
      before = await digestsOf(handle);
    } finally {
      await handle.close();
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('restores every record into a new directory: the same rows in every table', async () => {
    expect(before['public.users']!.rows).toBeGreaterThan(12);
    expect(before['public.attempts']!.rows).toBeGreaterThan(0);
    expect(before['public.scenario_draft_revisions']!.rows).toBe(2);

    const made = await backupEmbeddedDatabase(dataDir, backup);
    expect(made.tables).toEqual(before);
    expect(existsSync(`${backup}.partial`)).toBe(false);

    const restoredDir = path.join(root, 'restored');
    const restored = await restoreEmbeddedDatabase(backup, restoredDir);
    expect(restored).toMatchObject({ keptAs: null, tables: before });

    // Opened as the server opens it: migrations find nothing to do, and the draft is there.
    const handle = await openDatabase({ databaseUrl: null, dataDir: restoredDir });
    try {
      expect(await digestsOf(handle)).toEqual(before);
      const revisions = await handle.db.select().from(scenarioDraftRevisions).where(eq(scenarioDraftRevisions.revision, 2));
      expect(revisions.map((r) => JSON.parse(r.source).note)).toEqual(['unpublished work ✓']);
    } finally {
      await handle.close();
    }
  });

  it('does not overwrite a backup file', async () => {
    await expect(backupEmbeddedDatabase(dataDir, backup)).rejects.toThrow(`${backup} already exists`);
  });

  it('refuses to restore over a database without --force, and with it keeps the old one aside', async () => {
    const target = path.join(root, 'occupied');
    const handle = await openDatabase({ databaseUrl: null, dataDir: target });
    await handle.db.insert(users).values({ name: 'Only Here', email: 'only.here@example.test', role: 'trainee' });
    await handle.close();

    await expect(restoreEmbeddedDatabase(backup, target)).rejects.toThrow(/already holds a database.*--force/);
    const forced = await restoreEmbeddedDatabase(backup, target, { force: true });
    expect(forced.tables).toEqual(before);
    expect(forced.keptAs).toMatch(/pglite\.before-restore-\d{8}-\d{6}$/);
    expect(existsSync(path.join(forced.keptAs!, 'PG_VERSION'))).toBe(true);
  });

  it('checks the file first: anything that is not a backup changes nothing', async () => {
    const target = path.join(root, 'untouched');
    const notGzip = path.join(root, 'notes.txt');
    const gzipNotTar = path.join(root, 'other.tar.gz');
    await writeFile(notGzip, 'not a backup');
    await writeFile(gzipNotTar, gzipSync(Buffer.from('a gzipped file that is no tarball of a database')));
    await expect(restoreEmbeddedDatabase(path.join(root, 'missing.tar.gz'), target)).rejects.toThrow('no such file');
    await expect(restoreEmbeddedDatabase(notGzip, target)).rejects.toThrow(/not a Frontline backup.*nothing was changed/);
    await expect(restoreEmbeddedDatabase(gzipNotTar, target)).rejects.toThrow(BackupError);
    expect(existsSync(path.join(pgliteDirectory(target), 'PG_VERSION'))).toBe(false);
  });

  it('refuses while another process holds the database, on the command line too', async () => {
    const handle = await openDatabase({ databaseUrl: null, dataDir });
    try {
      await expect(backupEmbeddedDatabase(dataDir, path.join(root, 'while-open.tar.gz'))).rejects.toThrow(DatabaseLockedError);
      // Asynchronously: this process must keep refreshing its lock while the command waits for it.
      const run = await promisify(execFile)(path.join('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/db-backup.ts', path.join(root, 'cli.tar.gz')], {
        env: { ...process.env, FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      }).then(
        ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ status: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
      expect(run.status, run.stdout).toBe(1);
      expect(run.stderr).toContain('is in use by another Frontline process');
      expect(run.stderr).toContain('Stop the Frontline server first');
      expect(existsSync(path.join(root, 'cli.tar.gz'))).toBe(false);
    } finally {
      await handle.close();
    }
  });
});
