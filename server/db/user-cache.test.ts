import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { findUser } from '../auth/sign-in';
import { users, type User } from './schema';
import { UserCache } from './user-cache';

const someone = (id: string, role: User['role'] = 'trainee'): User => ({ id, email: `${id}@example.test`, name: id, role, active: true, tokenVersion: 0 }) as User;

/** A loader that counts how often the database would have been read. */
function counting(read: (id: string) => Promise<User | null>) {
  const loader = Object.assign(
    async (id: string) => {
      loader.reads++;
      return read(id);
    },
    { reads: 0 },
  );
  return loader;
}

describe('the user cache', () => {
  it('keeps nothing until changes are heard, and forgets everything when they no longer are', async () => {
    const cache = new UserCache();
    const load = counting(async (id) => someone(id));
    await cache.get('a', load);
    await cache.get('a', load);
    expect(load.reads).toBe(2);
    cache.setLive(true);
    await cache.get('a', load);
    await cache.get('a', load);
    expect(load.reads).toBe(3);
    cache.setLive(false);
    await cache.get('a', load);
    expect(load.reads).toBe(4);
  });

  it('forgets a user whose change is reported, and everyone on "*"', async () => {
    const cache = new UserCache();
    cache.setLive(true);
    const load = counting(async (id) => someone(id));
    await cache.get('a', load);
    await cache.get('b', load);
    cache.changed('a');
    await cache.get('a', load);
    await cache.get('b', load);
    expect(load.reads).toBe(3);
    cache.changed('*');
    expect(cache.size).toBe(0);
  });

  it('does not keep a read that was under way when a change arrived: it may hold the row from before', async () => {
    const cache = new UserCache();
    cache.setLive(true);
    let finish!: (user: User) => void;
    const pending = cache.get('a', () => new Promise<User>((resolve) => (finish = resolve)));
    cache.changed('a');
    finish(someone('a', 'trainee'));
    expect((await pending)?.role).toBe('trainee');
    expect(cache.size).toBe(0);
  });

  it('keeps at most its limit, dropping the least recently used, and reads again after the maximum age', async () => {
    const cache = new UserCache({ limit: 2, maxAgeMs: 1_000 });
    cache.setLive(true);
    const load = counting(async (id) => someone(id));
    await cache.get('a', load, 0);
    await cache.get('b', load, 0);
    await cache.get('a', load, 0);
    await cache.get('c', load, 0);
    expect(load.reads).toBe(3);
    await cache.get('a', load, 0);
    expect(load.reads).toBe(3);
    await cache.get('b', load, 0);
    expect(load.reads).toBe(4);
    await cache.get('b', load, 2_000);
    expect(load.reads).toBe(5);
  });

  it('keeps no one who does not exist, and hands out users that cannot be changed in place', async () => {
    const cache = new UserCache();
    cache.setLive(true);
    const missing = counting(async () => null);
    await cache.get('x', missing);
    await cache.get('x', missing);
    expect(missing.reads).toBe(2);
    const user = await cache.get('a', async (id) => someone(id));
    const kept = await cache.get('a', async () => null);
    expect(kept).toEqual(user);
    expect(() => Object.assign(kept!, { role: 'admin' })).toThrow();
  });
});

/** Reads the user until it is kept (on PostgreSQL, every pooled connection hears a change, some a moment later). */
async function keptIn(database: TestDatabase, id: string, load: ReturnType<typeof counting>) {
  await expect
    .poll(async () => {
      const before = load.reads;
      await database.users.get(id, load);
      return load.reads === before;
    })
    .toBe(true);
}

describe.each(testBackends())('users kept in memory, on %s', (kind) => {
  let database: TestDatabase;
  let id: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    [{ id }] = (await database.db.insert(users).values({ email: 'kept-user@example.test', name: 'Kept User', role: 'trainee' }).returning({ id: users.id })) as [{ id: string }];
  });
  afterAll(() => database?.dispose());

  const read = () => counting((userId) => findUser(database.db, userId));

  it('are read once, then forgotten by the time a change to them has returned', async () => {
    const load = read();
    await database.users.get(id, load);
    expect((await database.users.get(id, load))?.role).toBe('trainee');
    expect(load.reads).toBe(1);

    await database.db.update(users).set({ role: 'trainer' }).where(eq(users.id, id));
    expect((await database.users.get(id, load))?.role).toBe('trainer');
    expect(load.reads).toBe(2);

    await database.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ active: false, tokenVersion: sql`${users.tokenVersion} + 1` })
        .where(eq(users.id, id));
    });
    const after = await database.users.get(id, load);
    expect([after?.active, after?.tokenVersion]).toEqual([false, 1]);
    expect(load.reads).toBe(3);
  });

  it('are all forgotten when one statement changes many, or when a user is deleted', async () => {
    await database.db.insert(users).values(Array.from({ length: 120 }, (_, i) => ({ email: `many-${i}@example.test`, name: `Many ${i}`, role: 'trainee' as const })));
    const load = read();
    await keptIn(database, id, load);
    const before = load.reads;
    await database.db.update(users).set({ team: 'Many' }).where(like(users.email, 'many-%'));
    await database.users.get(id, load);
    expect(load.reads).toBe(before + 1);

    const [gone] = (await database.db.insert(users).values({ email: 'gone@example.test', name: 'Gone', role: 'trainee' }).returning()) as [User];
    await database.users.get(gone.id, load);
    await database.db.delete(users).where(eq(users.id, gone.id));
    expect(await database.users.get(gone.id, load)).toBeNull();
  });

  it.runIf(kind === 'postgres')('are forgotten when another instance changes them, and not kept while changes cannot be heard', async () => {
    const other = await database.reopen();
    try {
      const load = read();
      await database.users.get(id, load);
      await other.db.update(users).set({ name: 'Renamed Elsewhere' }).where(eq(users.id, id));
      await expect.poll(async () => (await database.users.get(id, load))?.name, { timeout: 2_000 }).toBe('Renamed Elsewhere');

      // Cut the connections that listen, as a network failure would: nothing is kept until one listens again.
      await database.db.execute(
        sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
      );
      await expect.poll(() => database.users.live, { timeout: 2_000, interval: 5 }).toBe(false);
      await expect.poll(() => database.users.live, { timeout: 5_000 }).toBe(true);
      const again = read();
      await database.users.get(id, again);
      await database.users.get(id, again);
      expect(again.reads).toBe(1);
      await other.db.update(users).set({ name: 'Renamed Again' }).where(eq(users.id, id));
      await expect.poll(async () => (await database.users.get(id, again))?.name, { timeout: 2_000 }).toBe('Renamed Again');
    } finally {
      await other.close();
    }
  });
});
