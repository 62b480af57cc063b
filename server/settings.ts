import path from 'node:path';

/**
 * Every setting Frontline reads from the environment, in one place (documented in the README).
 * Plain Node, no 'server-only': the start script reads the same settings before Next starts.
 */
export interface Settings {
  port: number;
  /** PostgreSQL connection string; unset means the embedded database (PGlite). */
  databaseUrl: string | null;
  /** Where the embedded database and generated secrets live. */
  dataDir: string;
  /** Demo accounts with a known password exist only in demo mode. */
  demo: boolean;
}

export class SettingsError extends Error {}

export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): Settings {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SettingsError(`PORT must be a port number (1–65535), not "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new SettingsError('DATABASE_URL must be a PostgreSQL connection string (postgres://user:password@host:5432/database)');
  }
  const demoFlag = env.FRONTLINE_DEMO?.trim();
  if (demoFlag && demoFlag !== '0' && demoFlag !== '1') throw new SettingsError(`FRONTLINE_DEMO must be 1 or 0, not "${demoFlag}"`);
  return {
    port,
    databaseUrl,
    // A run-time location, not a build input: keep it out of output tracing.
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.FRONTLINE_DATA_DIR?.trim() || '.data'),
    demo: demoFlag === '1' || (databaseUrl === null && demoFlag !== '0'),
  };
}
