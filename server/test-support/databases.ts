import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/client';

export interface TestDatabase extends DatabaseHandle {
  /** Closes and deletes the database. */
  dispose(): Promise<void>;
  /** How to open the same database again (after close), to test what survives a restart. */
  reopen(): Promise<DatabaseHandle>;
}

/** The backends to run database tests on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const testBackends = (): ('pglite' | 'postgres')[] => (process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);

export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'frontline-test-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir });
    // The handle a test opened last: disposing must close it, or its lock outlives the directory.
    let current = handle;
    return {
      ...handle,
      reopen: async () => (current = await openDatabase({ databaseUrl: null, dataDir })),
      dispose: async () => {
        await current.close().catch(() => {});
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `frontline_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  let current = handle;
  return {
    ...handle,
    reopen: async () => (current = await openDatabase({ databaseUrl: url.toString(), dataDir: '' })),
    dispose: async () => {
      await current.close().catch(() => {});
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
