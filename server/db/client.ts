import 'server-only';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import lockfile from 'proper-lockfile';
import * as schema from './schema';
import { USER_CHANGES_CHANNEL, UserCache } from './user-cache';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Users for the session check, kept while the database reports changes to them (decision 027). */
  users: UserCache;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
}

/** Another process holds the embedded database: refused, never shared. */
export class DatabaseLockedError extends Error {}

const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');
// An arbitrary constant: the advisory lock that serialises migrations between app instances.
const MIGRATION_LOCK = 7_305_202;

/** Where the embedded database keeps its files, under the data directory. */
export const pgliteDirectory = (dataDir: string) => path.join(dataDir, 'pglite');

/** Takes the one-process lock on an embedded database directory (creating it); resolves to its release. */
export async function lockPgliteDirectory(directory: string): Promise<() => Promise<void>> {
  await mkdir(directory, { recursive: true });
  try {
    // The lock's mtime is refreshed every second; a lock left by a killed process goes stale
    // after 5 s, and a new process waits that long for it rather than failing at once.
    return await lockfile.lock(directory, {
      lockfilePath: `${directory}.lock`,
      stale: 5_000,
      update: 1_000,
      retries: { retries: 7, minTimeout: 500, maxTimeout: 1_000, factor: 1.3 },
      onCompromised: (error) => {
        // Someone else may now have the directory: stop before two writers corrupt it.
        console.error(`Frontline: lost the lock on ${directory} (${error.message}); stopping to protect the data.`);
        process.exit(1);
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new DatabaseLockedError(
        `The embedded database in ${directory} is in use by another Frontline process. ` +
          'Only one process can open it at a time: stop the other one, point FRONTLINE_DATA_DIR at another directory, ' +
          'or set DATABASE_URL to use PostgreSQL.',
      );
    }
    throw error;
  }
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const directory = pgliteDirectory(dataDir);
  const release = await lockPgliteDirectory(directory);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const client = await PGlite.create(directory);
    const db = drizzle({ client, schema }) as unknown as Database;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    // One process, one connection: a change's notification is handled before the statement that
    // made it returns, so nothing is ever read from memory after it changed.
    const users = new UserCache();
    await client.listen(USER_CHANGES_CHANNEL, (payload) => users.changed(payload));
    users.setLive(true);
    return {
      db,
      kind: 'pglite',
      users,
      close: async () => {
        users.setLive(false);
        await client.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * Pool settings for PostgreSQL. Connection failures surface within seconds instead of hanging:
 * connecting, or waiting for a free connection, gives up after five seconds. TCP keepalive
 * notices a connection whose server has gone without saying so, and the server ends a transaction
 * left idle (its client gone) so its row locks do not block everyone else. There is deliberately no
 * statement timeout: the same pool runs batch work (demo data for up to 100,000 trainees at first
 * start) whose statements may rightly take long. Decision 020.
 */
export const POSTGRES_POOL_SETTINGS = {
  max: 10,
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 30_000,
  keepAlive: true,
  idle_in_transaction_session_timeout: 60_000,
} as const;

/** Logs a connection's failure instead of letting it crash the process (the client is then discarded). */
const logConnectionError = (error: Error) => console.error(`Frontline: PostgreSQL connection error: ${error.message}`);

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const users = new UserCache();
  const forgetChanged = (message: { channel: string; payload?: string }) => message.channel === USER_CHANGES_CHANNEL && users.changed(message.payload ?? '*');
  const pool = new Pool({
    connectionString: url,
    ...POSTGRES_POOL_SETTINGS,
    // Every pooled connection listens too, before it is first used: PostgreSQL sends a session its
    // own notifications before it reports the statement done, so this process's own changes to a
    // user are forgotten before they return. (A connection that cannot listen still works.)
    // pg-pool waits for the promise; its types say void.
    onConnect: async (client) => {
      client.on('notification', forgetChanged);
      await client.query(`LISTEN ${USER_CHANGES_CHANNEL}`).catch(() => {});
    },
  });
  // A client that loses its connection emits an error, and an error event nobody listens to ends
  // the process. The pool listens only while the client is idle, so every client gets a listener of
  // its own: one checked out (a transaction between two queries) is then discarded and its next
  // query fails, as unavailable. The pool repeats an idle client's error, already logged.
  pool.on('connect', (client) => client.on('error', logConnectionError));
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const changes = await listenForUserChanges(url, users, forgetChanged);
  return {
    db,
    kind: 'postgres',
    users,
    close: async () => {
      changes.stop();
      await pool.end();
    },
  };
}

/**
 * Other instances' changes to users, heard on a connection of its own (pooled ones come and go).
 * While it is down, nothing is kept in memory; it reconnects every second.
 */
async function listenForUserChanges(url: string, users: UserCache, forgetChanged: (message: { channel: string; payload?: string }) => void): Promise<{ stop(): void }> {
  const { Client } = await import('pg');
  let stopped = false;
  let current: InstanceType<typeof Client> | null = null;
  const connect = async (): Promise<void> => {
    const client = new Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5_000 });
    current = client;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      users.setLive(false);
      client.end().catch(() => {});
      if (!stopped) setTimeout(() => void connect(), 1_000).unref();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', forgetChanged);
    try {
      await client.connect();
      await client.query(`LISTEN ${USER_CHANGES_CHANNEL}`);
      if (!stopped && !lost) users.setLive(true);
    } catch {
      onLost();
    }
  };
  await connect();
  return {
    stop() {
      stopped = true;
      users.setLive(false);
      current?.end().catch(() => {});
    },
  };
}

/**
 * SQLSTATEs that mean the server is going away, starting up, or out of connections: class 08
 * (connection exception), admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);
/** The network's ways of saying the server is not there. */
const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres and its pool, which say it in words only. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

/**
 * Whether an error means the database cannot be reached right now, as opposed to a query that is
 * wrong. Looks through the causes (Drizzle wraps the driver's error in its own) and the errors of
 * an AggregateError (a host name with several addresses).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending = [error];
  const seen = new Set<unknown>();
  while (pending.length) {
    const current = pending.pop();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, message, cause, errors } = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NETWORK_CODES.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    pending.push(cause);
    if (Array.isArray(errors)) pending.push(...errors);
  }
  return false;
}

/** Opens the database the options name and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

/** A quick round trip, for the health check. */
export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
