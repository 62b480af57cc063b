/** Opens an embedded database directory and holds it; used to test that a second process is refused. */
import { DatabaseLockedError, openDatabase } from '../db/client';

const [dataDir, holdMs] = process.argv.slice(2);
try {
  const handle = await openDatabase({ databaseUrl: null, dataDir: dataDir! });
  process.stdout.write('opened\n');
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs ?? 0)));
  await handle.close();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof DatabaseLockedError ? 'LOCKED: ' : ''}${(error as Error).message}\n`);
  process.exit(1);
}
