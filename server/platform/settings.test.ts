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

  it('keeps dates in UTC unless given an IANA time zone, spelled canonically', () => {
    expect(settingsFromEnv({}).timeZone).toBe('UTC');
    expect(settingsFromEnv({ FRONTLINE_TIME_ZONE: 'america/new_york' }).timeZone).toBe('America/New_York');
    expect(() => settingsFromEnv({ FRONTLINE_TIME_ZONE: 'Mars/Olympus' })).toThrow('FRONTLINE_TIME_ZONE must be an IANA time zone name');
  });

  it('throttles sign-ins at 5 failures per account and 50 per address in 15 minutes, unless told otherwise', () => {
    expect(settingsFromEnv({}).signInThrottle).toEqual({ accountLimit: 5, addressLimit: 50, windowMinutes: 15 });
    expect(settingsFromEnv({ FRONTLINE_SIGNIN_ACCOUNT_LIMIT: '3', FRONTLINE_SIGNIN_ADDRESS_LIMIT: ' 200 ', FRONTLINE_SIGNIN_WINDOW_MINUTES: '60' }).signInThrottle).toEqual({
      accountLimit: 3,
      addressLimit: 200,
      windowMinutes: 60,
    });
    expect(() => settingsFromEnv({ FRONTLINE_SIGNIN_ACCOUNT_LIMIT: '0' })).toThrow('FRONTLINE_SIGNIN_ACCOUNT_LIMIT must be a whole number of at least 1, not "0"');
    expect(() => settingsFromEnv({ FRONTLINE_SIGNIN_ADDRESS_LIMIT: 'many' })).toThrow('FRONTLINE_SIGNIN_ADDRESS_LIMIT must be a whole number');
    expect(() => settingsFromEnv({ FRONTLINE_SIGNIN_WINDOW_MINUTES: '1.5' })).toThrow('FRONTLINE_SIGNIN_WINDOW_MINUTES must be a whole number');
  });

  it('sends email only with both an SMTP address and a From address, and names the one that is wrong', () => {
    expect(settingsFromEnv({}).mail).toBeNull();
    expect(settingsFromEnv({ FRONTLINE_SMTP_URL: 'smtp://u:p@mail.example:587', FRONTLINE_MAIL_FROM: 'Training <t@example.com>' }).mail).toEqual({
      smtpUrl: 'smtp://u:p@mail.example:587',
      from: 'Training <t@example.com>',
    });
    expect(() => settingsFromEnv({ FRONTLINE_SMTP_URL: 'smtp://u:secret@mail.example' })).toThrow('FRONTLINE_MAIL_FROM is not');
    expect(() => settingsFromEnv({ FRONTLINE_MAIL_FROM: 't@example.com' })).toThrow('FRONTLINE_SMTP_URL is not');
    expect(() => settingsFromEnv({ FRONTLINE_SMTP_URL: 'https://u:secret@mail.example', FRONTLINE_MAIL_FROM: 't@example.com' })).toThrow('must start with smtp:// or smtps://');
    expect(() => settingsFromEnv({ FRONTLINE_SMTP_URL: 'smtp://u:secret@mail.example', FRONTLINE_MAIL_FROM: 'training' })).toThrow('FRONTLINE_MAIL_FROM must be an email address');
    // The password in the URL is never repeated.
    expect(() => settingsFromEnv({ FRONTLINE_SMTP_URL: 'smtp://u:secret@', FRONTLINE_MAIL_FROM: 't@example.com' })).toThrow(/^(?!.*secret)/);
    expect(settingsFromEnv({}).organisationName).toBe('Frontline');
    expect(settingsFromEnv({ FRONTLINE_ORGANISATION_NAME: ' Acme Retail ' }).organisationName).toBe('Acme Retail');
  });

  it('trusts no proxy in front unless told how many there are', () => {
    expect(settingsFromEnv({}).trustedProxies).toBe(0);
    expect(settingsFromEnv({ FRONTLINE_TRUSTED_PROXIES: '2' }).trustedProxies).toBe(2);
    expect(() => settingsFromEnv({ FRONTLINE_TRUSTED_PROXIES: '-1' })).toThrow('FRONTLINE_TRUSTED_PROXIES must be a whole number of at least 0');
  });

  it('has single sign-on only when the issuer, client id and secret are all set', () => {
    expect(settingsFromEnv({}).oidc).toBeNull();
    const complete = { AUTH_OIDC_ISSUER: 'https://id.example.com/tenant/', AUTH_OIDC_CLIENT_ID: 'frontline', AUTH_OIDC_CLIENT_SECRET: 's3cret' };
    expect(settingsFromEnv(complete).oidc).toEqual({
      issuer: 'https://id.example.com/tenant',
      clientId: 'frontline',
      clientSecret: 's3cret',
      name: 'single sign-on',
      autoCreate: false,
    });
    expect(settingsFromEnv({ ...complete, AUTH_OIDC_NAME: 'Example ID', AUTH_OIDC_AUTOCREATE: '1' }).oidc).toMatchObject({ name: 'Example ID', autoCreate: true });
    expect(() => settingsFromEnv({ AUTH_OIDC_ISSUER: 'https://id.example.com' })).toThrow(
      'Single sign-on needs AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET; AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET are not set',
    );
    expect(() => settingsFromEnv({ ...complete, AUTH_OIDC_CLIENT_SECRET: ' ' })).toThrow('AUTH_OIDC_CLIENT_SECRET is not set');
    expect(() => settingsFromEnv({ ...complete, AUTH_OIDC_ISSUER: 'id.example.com' })).toThrow("AUTH_OIDC_ISSUER must be the provider's issuer URL");
    expect(() => settingsFromEnv({ ...complete, AUTH_OIDC_AUTOCREATE: 'yes' })).toThrow('AUTH_OIDC_AUTOCREATE must be 1 or 0');
  });

  it('npm start refuses to run without NEXTAUTH_SECRET outside demo mode', () => {
    const env = { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', NEXTAUTH_SECRET: '', FRONTLINE_DEMO: '' };
    const run = spawnSync('npx', ['tsx', 'scripts/start.ts'], { env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Frontline cannot start: NEXTAUTH_SECRET is not set.');
  });

  it('sends to a Learning Record Store only when its endpoint, key and secret are all set', () => {
    expect(settingsFromEnv({}).lrs).toBeNull();
    expect(settingsFromEnv({ FRONTLINE_LRS_ENDPOINT: 'https://lrs.example.test/xapi/', FRONTLINE_LRS_KEY: 'k', FRONTLINE_LRS_SECRET: 's' }).lrs).toEqual({
      endpoint: 'https://lrs.example.test/xapi',
      key: 'k',
      secret: 's',
    });
    expect(() => settingsFromEnv({ FRONTLINE_LRS_ENDPOINT: 'https://lrs.example.test/xapi' })).toThrow(
      'Sending to a Learning Record Store needs FRONTLINE_LRS_ENDPOINT, FRONTLINE_LRS_KEY, FRONTLINE_LRS_SECRET; FRONTLINE_LRS_KEY, FRONTLINE_LRS_SECRET are not set',
    );
    expect(() => settingsFromEnv({ FRONTLINE_LRS_ENDPOINT: 'lrs.example.test', FRONTLINE_LRS_KEY: 'k', FRONTLINE_LRS_SECRET: 's' })).toThrow('FRONTLINE_LRS_ENDPOINT must be');
  });

  it('seeds 300 demo trainees unless told how many', () => {
    expect(settingsFromEnv({}).demoTrainees).toBe(300);
    expect(settingsFromEnv({ FRONTLINE_DEMO_TRAINEES: '0' }).demoTrainees).toBe(0);
    expect(() => settingsFromEnv({ FRONTLINE_DEMO_TRAINEES: 'many' })).toThrow('FRONTLINE_DEMO_TRAINEES must be a whole number of at least 0, not "many"');
  });
});
