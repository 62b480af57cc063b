/**
 * Where a benchmark or drill keeps its database: a PGlite directory of its own, or a throwaway
 * PostgreSQL cluster it starts (scripts/pg-throwaway.sh) and removes afterwards. Nothing touches
 * the server's own data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '@/server/db/client';
import { freePort, runCommand } from './lib';

export type Backend = 'pglite' | 'postgres';

export interface Place {
  backend: Backend;
  /** Opens the database (on PGlite the server must not have it open at the same time). */
  open(): Promise<DatabaseHandle>;
  /** The environment a server needs to use this database. */
  serverEnv: Record<string, string>;
  /** The PostgreSQL server's version, or null for PGlite. */
  serverVersion: string | null;
  dispose(): Promise<void>;
}

export async function pglitePlace(): Promise<Place> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-bench-pglite-'));
  return {
    backend: 'pglite',
    open: () => openDatabase({ databaseUrl: null, dataDir }),
    serverEnv: { FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '' },
    serverVersion: null,
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function postgresPlace(): Promise<Place> {
  const dir = mkdtempSync(path.join(tmpdir(), 'frontline-bench-pg-'));
  const port = await freePort();
  const url = (await runCommand('scripts/pg-throwaway.sh', ['start', dir, String(port)])).trim().split('\n').pop()!;
  const stop = async () => {
    await runCommand('scripts/pg-throwaway.sh', ['stop', dir]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  let serverVersion: string;
  try {
    const handle = await openDatabase({ databaseUrl: url, dataDir: '' });
    const [row] = ((await handle.db.execute(sql`SHOW server_version`)) as unknown as { rows: { server_version: string }[] }).rows;
    serverVersion = row!.server_version;
    await handle.close();
  } catch (error) {
    await stop();
    throw error;
  }
  // The server's files live elsewhere; this directory is only PGlite's fallback and stays empty.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-bench-pgdata-'));
  return {
    backend: 'postgres',
    open: () => openDatabase({ databaseUrl: url, dataDir: '' }),
    serverEnv: { DATABASE_URL: url, FRONTLINE_DATA_DIR: dataDir },
    serverVersion,
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const placeFor = (backend: Backend): Promise<Place> => (backend === 'pglite' ? pglitePlace() : postgresPlace());
