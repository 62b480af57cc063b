import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './client';
import { users } from './schema';

function openInAnotherProcess(dataDir: string, holdMs = 0): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'server/test-support/open-database.ts', dataDir, String(holdMs)]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('the embedded database directory', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'frontline-lock-'));
    handle = await openDatabase({ databaseUrl: null, dataDir });
    await handle.db.insert(users).values({ email: 'kept@example.test', name: 'Kept', role: 'trainee' });
  });
  afterAll(async () => {
    await handle?.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second process with a clear message, and leaves the data intact', async () => {
    const second = await openInAnotherProcess(dataDir);
    expect(second.code).toBe(1);
    expect(second.err).toContain('LOCKED: The embedded database in');
    expect(second.err).toContain('is in use by another Frontline process');
    const rows = await handle.db.select().from(users);
    expect(rows.map((r) => r.email)).toEqual(['kept@example.test']);
  });

  it('opens for the next process once the first has closed, with the data kept', async () => {
    await handle.close();
    const next = await openInAnotherProcess(dataDir);
    expect(next.err).toBe('');
    expect(next.out).toBe('opened\n');
    expect(next.code).toBe(0);
    handle = await openDatabase({ databaseUrl: null, dataDir });
    expect((await handle.db.select().from(users)).map((r) => r.email)).toEqual(['kept@example.test']);
  });
});
