import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/server/db/client';
import { auditLog, ltiPlatforms, ltiToolKeys } from '@/server/db/schema';

const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-lti-cli-'));
const cli = (...args: string[]) => {
  const env = { ...process.env, FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '', NEXTAUTH_URL: 'https://training.example.com' };
  const run = spawnSync(path.join('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/lti.ts', ...args], { encoding: 'utf8', env });
  return { code: run.status, out: run.stdout, err: run.stderr };
};
const MOODLE = [
  '--issuer',
  'https://moodle.example.edu',
  '--client-id',
  'aBc123',
  '--deployment-id',
  '1',
  '--deployment-id=2',
  '--auth-url',
  'https://moodle.example.edu/mod/lti/auth.php',
  '--token-url',
  'https://moodle.example.edu/mod/lti/token.php',
  '--jwks-url',
  'https://moodle.example.edu/mod/lti/certs.php',
];

describe('npm run lti', () => {
  it('registers a platform, printing the URLs to paste into the LMS; lists it; refuses it twice; removes it', async () => {
    const added = cli('add', ...MOODLE, '--name', 'Moodle', '--instructors-as-trainers');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toContain('Registered Moodle.');
    expect(added.out).toContain('deployments 1, 2');
    expect(added.out).toContain('LMS instructors become trainers: yes');
    expect(added.out).toContain('Login (initiate login) URL:    https://training.example.com/api/lti/login');
    expect(added.out).toContain('Launch (redirect) URL:         https://training.example.com/api/lti/launch');
    expect(added.out).toContain('Public keyset (JWKS) URL:      https://training.example.com/api/lti/jwks');
    const id = /\(id ([0-9a-f-]{36})\)/.exec(added.out)![1]!;

    expect(cli('add', ...MOODLE)).toMatchObject({
      code: 1,
      err: expect.stringContaining('"Moodle" is already registered with issuer https://moodle.example.edu and client id aBc123'),
    });
    const listed = cli('list');
    expect(listed.out).toContain(`1 registered platform:\nMoodle  (id ${id})`);

    expect(cli('remove', id)).toMatchObject({ code: 0, out: expect.stringContaining('Removed Moodle') });
    expect(cli('remove', id)).toMatchObject({ code: 1, err: 'There is no platform with that id.\n' });
    expect(cli('list').out).toContain('No platform is registered.');
    expect(cli('rotate-key').code).toBe(0);

    const handle = await openDatabase({ databaseUrl: null, dataDir });
    try {
      expect(await handle.db.select().from(ltiPlatforms)).toHaveLength(1);
      expect(await handle.db.select().from(ltiToolKeys)).toHaveLength(1);
      const actions = (await handle.db.select().from(auditLog)).map((e) => [e.action, e.actorId, e.details.via]);
      expect(actions).toEqual([
        ['lti-platform-added', null, 'console'],
        ['lti-platform-removed', null, 'console'],
        ['lti-key-rotated', null, 'console'],
      ]);
    } finally {
      await handle.close();
    }
    // Each run starts a process and opens the database.
  }, 300_000);

  it('refuses bad usage with exit code 2, naming the options, and changes nothing', () => {
    expect(cli()).toMatchObject({ code: 2 });
    expect(cli('add', '--issuer', 'http://moodle.example.edu', '--client-id', 'x')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--issuer: must be an https:// address; --deployment-id: give at least one deployment id; --auth-url: the address is missing'),
    });
    expect(cli('add', '--colour', 'red')).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --colour') });
    expect(cli('remove')).toMatchObject({ code: 2 });
  }, 120_000);
});
