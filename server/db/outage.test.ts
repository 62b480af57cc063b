/**
 * Database outage drill: a throwaway PostgreSQL cluster of the test's own is stopped under the
 * app's database layer and started again. Requests must fail fast as "unavailable" (a 503 from
 * route handlers), the process must survive connections dying mid-transaction, and the same pool
 * must work again once the server is back, without restarting anything.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, openDatabase, ping, type DatabaseHandle } from './client';
import { users } from './schema';
import { handle } from '../platform/http';
import { freePort } from '../../scripts/bench/lib';

const run = promisify(execFile);
const hasPostgres = readdirSync('/usr/lib/postgresql', { withFileTypes: true }).some((d) => existsSync(`/usr/lib/postgresql/${d.name}/bin/initdb`));

/** A stop within this long counts as failing fast. */
const FAST_MS = 5_000;

/** A PostgreSQL cluster the test may stop and start at will. */
class Cluster {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'frontline-outage-'));
  url = '';
  constructor(readonly port: number) {}
  async start() {
    const { stdout } = await run('scripts/pg-throwaway.sh', ['start', this.dir, String(this.port)]);
    this.url = stdout.trim().split('\n').pop()!;
  }
  /** pg_ctl stop -m fast: open connections are terminated, as an administrator's restart does. */
  async stop() {
    await run('scripts/pg-throwaway.sh', ['stop', this.dir]);
  }
  async dispose() {
    await this.stop().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** How long a promise takes to settle, and how. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; error: unknown; value?: T }> {
  const began = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - began, error: null, value };
  } catch (error) {
    return { ms: performance.now() - began, error };
  }
}

describe.skipIf(!hasPostgres)('PostgreSQL stopped and started under the app (skipped without PostgreSQL server binaries: apt-get install postgresql)', () => {
  let cluster: Cluster;
  let handle_: DatabaseHandle;

  beforeAll(async () => {
    cluster = new Cluster(await freePort());
    await cluster.start();
    handle_ = await openDatabase({ databaseUrl: cluster.url, dataDir: '' });
    await handle_.db.insert(users).values({ email: 'kept@example.test', name: 'Kept', role: 'trainee' });
  });
  afterAll(async () => {
    await handle_?.close().catch(() => {});
    await cluster?.dispose();
  });

  it('tells a broken query from an unreachable server', async () => {
    const wrong = await timed(() => handle_.db.execute(sql`select * from no_such_table`));
    expect(wrong.error).toBeTruthy();
    expect(isDatabaseUnavailable(wrong.error)).toBe(false);
    const duplicate = await timed(() => handle_.db.insert(users).values({ email: 'kept@example.test', name: 'Again', role: 'trainee' }));
    expect(duplicate.error).toBeTruthy();
    expect(isDatabaseUnavailable(duplicate.error)).toBe(false);
  });

  it('fails fast while the server is stopped, with a 503 from route handlers, and works again once it is back', async () => {
    // Connections in the pool now, so the stop has some to break.
    await Promise.all([ping(handle_.db), ping(handle_.db), ping(handle_.db)]);
    await cluster.stop();

    const query = await timed(() => handle_.db.select().from(users));
    expect(isDatabaseUnavailable(query.error), String(query.error)).toBe(true);
    expect(query.ms).toBeLessThan(FAST_MS);

    const transaction = await timed(() => handle_.db.transaction(async (tx) => tx.update(users).set({ name: 'Changed' }).where(eq(users.email, 'kept@example.test'))));
    expect(isDatabaseUnavailable(transaction.error), String(transaction.error)).toBe(true);
    expect(transaction.ms).toBeLessThan(FAST_MS);

    const answer = await timed(() => handle(async () => Response.json(await handle_.db.select().from(users))));
    expect(answer.ms).toBeLessThan(FAST_MS);
    const response = answer.value!;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('database-unavailable');
    expect(body.error.message).toContain("can't reach its database");
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|select|at \w+ \(|node_modules/);

    await cluster.start();
    // The same pool, never reopened.
    const rows = await handle_.db.select().from(users);
    expect(rows.map((r) => [r.email, r.name])).toEqual([['kept@example.test', 'Kept']]);
    const again = await handle(async () => Response.json(await handle_.db.select({ email: users.email }).from(users)));
    expect(again.status).toBe(200);
  });

  it('survives a connection dying inside a transaction between two queries', async () => {
    const result = await timed(() =>
      handle_.db.transaction(async (tx) => {
        await tx.update(users).set({ name: 'Half done' }).where(eq(users.email, 'kept@example.test'));
        // The connection is checked out and idle when the server goes: node-postgres reports that
        // as an 'error' event on the client, which would end the process if nobody listened.
        await cluster.stop();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.update(users).set({ name: 'Done' }).where(eq(users.email, 'kept@example.test'));
      }),
    );
    expect(isDatabaseUnavailable(result.error), String(result.error)).toBe(true);

    await cluster.start();
    // Nothing of the broken transaction was kept, and the pool serves again.
    const rows = await handle_.db.select().from(users);
    expect(rows.map((r) => r.name)).toEqual(['Kept']);
  });
});
