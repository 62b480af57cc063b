import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { settingsFromEnv } from './settings';

describe('settings', () => {
  it('runs in demo mode on the embedded database by default', () => {
    expect(settingsFromEnv({})).toMatchObject({ port: 3000, databaseUrl: null, demo: true });
  });

  it('is not in demo mode on PostgreSQL unless asked', () => {
    expect(settingsFromEnv({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
    expect(settingsFromEnv({ DATABASE_URL: 'postgres://u@h/db', FRONTLINE_DEMO: '1' }).demo).toBe(true);
    expect(settingsFromEnv({ FRONTLINE_DEMO: '0' }).demo).toBe(false);
  });

  it('names the setting that is wrong', () => {
    expect(() => settingsFromEnv({ PORT: 'eighty' })).toThrow('PORT must be a port number');
    expect(() => settingsFromEnv({ DATABASE_URL: 'mysql://x' })).toThrow('DATABASE_URL must be a PostgreSQL connection string');
    expect(() => settingsFromEnv({ FRONTLINE_DEMO: 'yes' })).toThrow('FRONTLINE_DEMO must be 1 or 0');
  });

  it('npm start refuses to run without NEXTAUTH_SECRET outside demo mode', () => {
    const env = { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', NEXTAUTH_SECRET: '', FRONTLINE_DEMO: '' };
    const run = spawnSync('npx', ['tsx', 'scripts/start.ts'], { env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Frontline cannot start: NEXTAUTH_SECRET is not set.');
  });
});
