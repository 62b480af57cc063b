import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPaths } from '@/machines/test-fixtures/all-paths';
import { startAttempt, submitChoice } from '@/server/training/attempts';
import { openDatabase } from '@/server/db/client';
import { users } from '@/server/db/schema';
import { compiledVersion, newestVersion, publishBuiltinScenarios } from '@/server/training/library';
import { startLrsStub, type LrsStub } from '@/server/test-support/lrs-stub';
import { attemptStatements } from '@/server/xapi/statements';

const SITE = 'https://training.example.com';
const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-lrs-cli-'));
let stub: LrsStub;
const finished: string[] = [];
let expectedStatements = 0;

/** Runs the CLI without blocking this process, which also serves the stub store. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const lrsEnv = { FRONTLINE_LRS_ENDPOINT: stub.endpoint, FRONTLINE_LRS_KEY: stub.key, FRONTLINE_LRS_SECRET: stub.secret };
  const child = spawn(path.join('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/lrs-send.ts', ...args], {
    env: { ...process.env, FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '', NEXTAUTH_URL: SITE, ...lrsEnv, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

beforeAll(async () => {
  const handle = await openDatabase({ databaseUrl: null, dataDir });
  try {
    const db = handle.db;
    await publishBuiltinScenarios(db, 'scenarios');
    const [trainee] = await db.insert(users).values({ name: 'Cleo', email: 'cleo@example.test', role: 'trainee' }).returning();
    const scenario = await compiledVersion(db, (await newestVersion(db, 'closing-well'))!.id);
    const [first, second] = allPaths(scenario);
    let start = new Date('2025-05-01T09:00:00Z').getTime();
    for (const events of [first!.events, second!.events, first!.events.slice(0, 1)]) {
      start += 3_600_000;
      const attemptId = await startAttempt(db, trainee!.id, 'closing-well', 'off', new Date(start));
      for (const [seq, event] of events.entries()) await submitChoice(db, { attemptId, userId: trainee!.id, seq, event, now: new Date(start + (seq + 1) * 4_000) });
      if (events.length > 1) {
        finished.push(attemptId);
        expectedStatements += (await attemptStatements(db, attemptId, { site: SITE }))!.length;
      }
    }
  } finally {
    await handle.close();
  }
  stub = await startLrsStub();
});

afterAll(async () => {
  await stub?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run lrs:send', () => {
  it('counts without sending, sends what is due, reports failures with exit code 1, and retries on request', async () => {
    const before = await cli(['--status']);
    expect(before).toMatchObject({ code: 0, err: '' });
    expect(before.out).toContain(
      `Learning Record Store: ${stub.endpoint}/statements\nFinished attempts: 2\nSent: 0\nDue now: 2\nWaiting for a retry: 0\nHeld after a conflict: 0\n`,
    );
    expect(stub.requests).toHaveLength(0);

    stub.misbehave({ status: 503, body: 'down for maintenance' });
    const failing = await cli([]);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain(
      `Sent 0 attempts (0 statements) to ${stub.endpoint}/statements.\nFailed: 1\n  ${finished[0]} (try 1): 503 Service Unavailable: down for maintenance Next try `,
    );
    expect(failing.out).toContain('Stopped early: the store is failing, so the rest waits for the next run.');

    // The failed attempt waits its minute; the other one goes.
    const next = await cli([]);
    expect(next).toMatchObject({ code: 0, err: '' });
    expect(next.out).toMatch(/^Sent 1 attempt \(\d+ statements\) to .*\nStill to send: 0 due, 1 waiting for a retry, 0 held\.\n$/);

    const status = await cli(['--status']);
    expect(status.out).toContain('Sent: 1\nDue now: 0\nWaiting for a retry: 1\n');
    expect(status.out).toContain(`Unsent after a failure (latest first):\n  ${finished[0]}: 1 try, next `);

    const retried = await cli(['--retry']);
    expect(retried).toMatchObject({ code: 0, err: '' });
    expect(retried.out).toMatch(/^Made 1 unsent attempt due now\.\nSent 1 attempt \(\d+ statements\) to .*\nStill to send: 0 due, 0 waiting for a retry, 0 held\.\n$/);

    // Everything arrived once, naming the site Frontline runs at.
    expect(stub.statements.size).toBe(expectedStatements);
    expect(stub.requests.filter((r) => r.status === 200)).toHaveLength(2);
    expect([...stub.statements.values()].every((s) => (s as { actor: { account: { homePage: string } } }).actor.account.homePage === SITE)).toBe(true);
    expect((await cli([])).out).toMatch(/^Sent 0 attempts \(0 statements\)/);
    expect(stub.requests.filter((r) => r.status === 200)).toHaveLength(2);
  });

  it('says what is missing when no store is set, and refuses unknown options', async () => {
    const unset = await cli([], { FRONTLINE_LRS_ENDPOINT: '', FRONTLINE_LRS_KEY: '', FRONTLINE_LRS_SECRET: '' });
    expect(unset).toMatchObject({ code: 2, err: 'No Learning Record Store is set: set FRONTLINE_LRS_ENDPOINT, FRONTLINE_LRS_KEY and FRONTLINE_LRS_SECRET.\n' });
    const halfSet = await cli([], { FRONTLINE_LRS_SECRET: '' });
    expect(halfSet.code).toBe(2);
    expect(halfSet.err).toContain('FRONTLINE_LRS_SECRET is not set');
    expect(await cli(['--now'])).toMatchObject({ code: 2, err: 'unknown option --now\nusage: npm run -s lrs:send [-- --status | --retry]\n' });
    expect((await cli(['--status'], { FRONTLINE_LRS_ENDPOINT: '', FRONTLINE_LRS_KEY: '', FRONTLINE_LRS_SECRET: '' })).out).toContain('Learning Record Store: not set\n');
  });
});
