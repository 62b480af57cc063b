/**
 * Backs up the embedded database (PGlite) to one file: a gzipped tarball of its data directory.
 *   npm run -s db:backup [-- file]      (default: frontline-backup-<date>-<time>.tar.gz here)
 * Restore it with `npm run db:restore <file>`. With PostgreSQL (DATABASE_URL set) use pg_dump:
 * see docs/reliability.md. Only one process may open the embedded database: stop the server first.
 * Exit codes: 0 done, 1 refused or failed, 2 bad usage.
 */
import { existsSync } from 'node:fs';
import { open, readdir, rename, rm, rmdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { DatabaseLockedError, lockPgliteDirectory, pgliteDirectory } from '@/server/db/client';
import { settingsFromEnv } from '@/server/platform/settings';

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {}

export interface TableDigest {
  rows: number;
  /** md5 of every row as text, in a fixed order: the same content gives the same digest. */
  md5: string;
}

type Query = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

/** Every table of the database (the app's and the migrations' record) with its row count and a digest of its content. */
export async function tableDigests(query: Query): Promise<Record<string, TableDigest>> {
  const { rows: tables } = await query(
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema in ('public', 'drizzle') order by 1`,
  );
  const out: Record<string, TableDigest> = {};
  for (const { name } of tables as { name: string }[]) {
    const quoted = name
      .split('.')
      .map((part) => `"${part.replace(/"/g, '""')}"`)
      .join('.');
    const { rows } = await query(`select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5 from ${quoted} t`);
    out[name] = rows[0] as unknown as TableDigest;
  }
  return out;
}

const pgQuery =
  (pg: PGlite): Query =>
  (sql) =>
    pg.query(sql) as Promise<{ rows: Record<string, unknown>[] }>;

async function openPglite(directory: string, loadDataDir?: Blob): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create(directory, loadDataDir ? { loadDataDir } : {});
}

/** A date-and-time stamp for file names: 20261124-091500. */
export const fileStamp = (now = new Date()) =>
  now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: Record<string, TableDigest>;
}

/**
 * Writes the embedded database in `dataDir` to `file`, holding the same lock the server holds, so
 * the copy is never taken while something writes. The file appears only once it is complete.
 */
export async function backupEmbeddedDatabase(dataDir: string, file: string): Promise<BackupSummary> {
  const directory = pgliteDirectory(dataDir);
  if (!existsSync(path.join(directory, 'PG_VERSION'))) throw new BackupError(`There is no embedded database in ${directory} to back up.`);
  if (existsSync(file)) throw new BackupError(`${file} already exists: name a new file, so no backup is overwritten.`);
  const release = await lockPgliteDirectory(directory);
  try {
    const pg = await openPglite(directory);
    let bytes: Buffer;
    let tables: Record<string, TableDigest>;
    try {
      tables = await tableDigests(pgQuery(pg));
      bytes = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await pg.close();
    }
    const partial = `${file}.partial`;
    const handle = await open(partial, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, file);
    return { file, bytes: bytes.length, tables };
  } finally {
    await release();
  }
}

export interface RestoreSummary {
  directory: string;
  tables: Record<string, TableDigest>;
  /** Where the database that was there before is kept, when one was (and --force was given). */
  keptAs: string | null;
}

/**
 * Restores a backup into the embedded database of `dataDir`. The file is checked first by loading
 * it into a directory beside the target and reading it back; only then does it take the place of
 * the database. A directory that holds a database is refused unless `force`, and even then the old
 * one is moved aside, not deleted.
 */
export async function restoreEmbeddedDatabase(file: string, dataDir: string, options: { force?: boolean } = {}): Promise<RestoreSummary> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new BackupError(`${file}: no such file.`);
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new BackupError(`${file} is not a Frontline backup (not a gzipped tarball); nothing was changed.`);

  const directory = pgliteDirectory(dataDir);
  const release = await lockPgliteDirectory(directory);
  const stamp = fileStamp();
  const staging = `${directory}.restoring-${stamp}`;
  try {
    const holdsDatabase = (await readdir(directory)).length > 0;
    if (holdsDatabase && !options.force) {
      throw new BackupError(
        `${directory} already holds a database. Restore into an empty FRONTLINE_DATA_DIR, or add --force to replace it (the current one is then kept beside it).`,
      );
    }
    await rm(staging, { recursive: true, force: true });
    let tables: Record<string, TableDigest>;
    try {
      const pg = await openPglite(staging, new Blob([new Uint8Array(bytes)]));
      try {
        tables = await tableDigests(pgQuery(pg));
      } finally {
        await pg.close();
      }
      if (!tables['public.users'] || !tables['drizzle.__drizzle_migrations']) throw new Error('it holds no Frontline tables');
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw new BackupError(`${file} is not a Frontline backup that can be restored (${(error as Error).message}); nothing was changed.`);
    }
    let keptAs: string | null = null;
    if (holdsDatabase) {
      keptAs = `${directory}.before-restore-${stamp}`;
      await rename(directory, keptAs);
    } else {
      await rmdir(directory);
    }
    await rename(staging, directory);
    return { directory, tables, keptAs };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await release();
  }
}

/** The data directory from the environment, refusing PostgreSQL (its own tools back it up). */
export function embeddedDataDir(command: string): string {
  const config = settingsFromEnv(process.env);
  if (config.databaseUrl) {
    throw new BackupError(`DATABASE_URL is set: Frontline is on PostgreSQL, which ${command} does not handle. Use pg_dump and pg_restore (docs/reliability.md).`);
  }
  return config.dataDir;
}

export function describeLockRefusal(error: unknown): string | null {
  if (!(error instanceof DatabaseLockedError)) return null;
  return `${error.message}\nStop the Frontline server first: a copy taken while it writes could be inconsistent, and a restore must not change the files under it.`;
}

export const summariseTables = (tables: Record<string, TableDigest>) =>
  ['public.users', 'public.attempts', 'public.attempt_events', 'public.scenario_versions', 'public.scenario_draft_revisions', 'public.audit_log']
    .filter((t) => tables[t])
    .map((t) => `${t.replace('public.', '')} ${tables[t]!.rows}`)
    .join(', ');

async function main(argv: string[]) {
  if (argv.length > 1 || argv[0]?.startsWith('-')) {
    process.stderr.write('usage: npm run -s db:backup [-- file]\n');
    process.exit(2);
  }
  try {
    const dataDir = embeddedDataDir('db:backup');
    const file = path.resolve(argv[0] ?? `frontline-backup-${fileStamp()}.tar.gz`);
    const summary = await backupEmbeddedDatabase(dataDir, file);
    process.stdout.write(`Backed up ${pgliteDirectory(dataDir)} to ${summary.file} (${(summary.bytes / 1024).toFixed(0)} KiB: ${summariseTables(summary.tables)}).\n`);
    process.exit(0);
  } catch (error) {
    const message = describeLockRefusal(error) ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
