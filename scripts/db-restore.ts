/**
 * Restores the embedded database from a file made by `npm run db:backup`.
 *   npm run -s db:restore -- <file> [--force]
 * The file is checked first (loaded beside the database and read back); a data directory that
 * already holds a database is refused unless --force, and then the old database is moved aside
 * (pglite.before-restore-<date>-<time>), not deleted. Stop the server first. With PostgreSQL, use
 * pg_restore (docs/reliability.md). Exit codes: 0 done, 1 refused or failed, 2 bad usage.
 */
import path from 'node:path';
import { describeLockRefusal, embeddedDataDir, restoreEmbeddedDatabase, summariseTables } from './db-backup';

const USAGE = 'usage: npm run -s db:restore -- <file> [--force]';
const args = process.argv.slice(2);
const force = args.includes('--force');
const files = args.filter((a) => a !== '--force');
if (files.length !== 1 || files[0]!.startsWith('-')) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

try {
  const dataDir = embeddedDataDir('db:restore');
  const summary = await restoreEmbeddedDatabase(path.resolve(files[0]!), dataDir, { force });
  process.stdout.write(`Restored ${summary.directory} from ${files[0]} (${summariseTables(summary.tables)}).\n`);
  if (summary.keptAs) process.stdout.write(`The database that was there is kept in ${summary.keptAs}; delete it once you are sure.\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`${describeLockRefusal(error) ?? (error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}
