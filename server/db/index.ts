import 'server-only';
import { settings } from '../platform/settings';
import { openDatabase, type DatabaseHandle } from './client';

export type { Database, DatabaseHandle } from './client';

// One handle per process, kept on globalThis: Next bundles route handlers and instrumentation
// separately, and two PGlite instances on one directory would corrupt it.
const holder = globalThis as { __frontlineDatabase?: Promise<DatabaseHandle> };

/** This process's database, opened (and migrated) on first use. */
export function database(): Promise<DatabaseHandle> {
  holder.__frontlineDatabase ??= openDatabase(settings());
  return holder.__frontlineDatabase;
}

/** Closes this process's database, if it was opened. */
export async function closeDatabase(): Promise<void> {
  const pending = holder.__frontlineDatabase;
  holder.__frontlineDatabase = undefined;
  if (pending) await (await pending).close();
}
