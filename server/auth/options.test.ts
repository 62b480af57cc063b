import { describe, expect, it } from 'vitest';
import { signInErrorMessage } from '@/lib/sign-in-messages';
import { authOptions, cookieOptions, secureCookiesFor, sessionOutlived, ssoProvider, SSO_PROVIDER_ID, throttledError } from './options';
import { settingsFromEnv } from '../platform/settings';

describe('session cookies', () => {
  it('are Secure everywhere but on the local machine', () => {
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:3210', 'http://[::1]:3000', 'https://localhost']) expect(secureCookiesFor(local)).toBe(false);
    for (const remote of ['https://frontline.example.com', 'http://frontline.example.com', 'https://localhost.example.com', 'http://10.0.0.5:3000']) {
      expect(secureCookiesFor(remote)).toBe(true);
    }
    // `npm start` sets the public URL to localhost when none is given.
    expect(secureCookiesFor(null)).toBe(false);
  });

  it('are all HttpOnly and SameSite=Lax, with the prefixes Secure cookies need', () => {
    for (const secure of [true, false]) {
      const cookies = cookieOptions(secure);
      expect(Object.keys(cookies).sort()).toEqual(['callbackUrl', 'csrfToken', 'nonce', 'pkceCodeVerifier', 'sessionToken', 'state']);
      for (const cookie of Object.values(cookies)) expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', secure });
    }
    expect(cookieOptions(true).sessionToken.name).toBe('__Secure-next-auth.session-token');
    expect(cookieOptions(true).csrfToken.name).toBe('__Host-next-auth.csrf-token');
    expect(cookieOptions(false).sessionToken.name).toBe('next-auth.session-token');
  });
});

describe('single sign-on provider', () => {
  const provider = ssoProvider({ issuer: 'https://id.example.com/tenant', clientId: 'frontline', clientSecret: 's3cret', name: 'Example ID', autoCreate: false });

  it('is OpenID Connect with discovery, PKCE and state, reading the ID token', () => {
    expect(provider).toMatchObject({
      id: SSO_PROVIDER_ID,
      name: 'Example ID',
      type: 'oauth',
      wellKnown: 'https://id.example.com/tenant/.well-known/openid-configuration',
      clientId: 'frontline',
      clientSecret: 's3cret',
      idToken: true,
      checks: ['pkce', 'state'],
      authorization: { params: { scope: 'openid email profile' } },
    });
  });

  it('reads the profile from the claims without throwing on missing ones', async () => {
    const profile = (provider as unknown as { profile: (claims: object) => unknown }).profile;
    expect(await profile({ sub: 'abc', email: 'A@example.com', name: 'A' })).toEqual({ id: 'abc', email: 'A@example.com', name: 'A' });
    expect(await profile({ sub: 42 })).toEqual({ id: '42', email: null, name: null });
  });
});

it('a throttled sign-in carries the wait in the error, and the sign-in page says it in whole minutes', () => {
  expect(throttledError(840)).toBe('throttled:840');
  expect(signInErrorMessage(throttledError(840))).toBe('Too many failed sign-ins. Try again in 14 minutes.');
  expect(signInErrorMessage(throttledError(841))).toBe('Too many failed sign-ins. Try again in 15 minutes.');
  expect(signInErrorMessage(throttledError(3))).toBe('Too many failed sign-ins. Try again in 1 minute.');
  expect(signInErrorMessage('CredentialsSignin')).toBe('That email and password do not match an active account.');
  expect(signInErrorMessage('sso-unknown')).toMatch(/^There is no Frontline account/);
  expect(signInErrorMessage(null)).toBeNull();
});

describe('the absolute lifetime of a session', () => {
  const DAY = 24 * 60 * 60;
  it('ends a session the set number of days after its sign-in, however recently it was used', () => {
    const signedInAt = 1_800_000_000;
    expect(sessionOutlived(signedInAt, signedInAt + 7 * DAY, 7)).toBe(false);
    expect(sessionOutlived(signedInAt, signedInAt + 7 * DAY + 1, 7)).toBe(true);
    expect(sessionOutlived(signedInAt, signedInAt + 2 * DAY, 1)).toBe(true);
  });

  it('is a setting of at least one day, seven unless FRONTLINE_SESSION_MAX_DAYS says otherwise', () => {
    expect(settingsFromEnv({}).sessionMaxDays).toBe(7);
    expect(settingsFromEnv({ FRONTLINE_SESSION_MAX_DAYS: '30' }).sessionMaxDays).toBe(30);
    expect(() => settingsFromEnv({ FRONTLINE_SESSION_MAX_DAYS: '0' })).toThrow('FRONTLINE_SESSION_MAX_DAYS must be a whole number of at least 1, not "0"');
  });
});

describe('the session token', () => {
  const jwt = (token: Record<string, unknown>) => authOptions.callbacks!.jwt!({ token, account: null } as never) as Promise<Record<string, unknown>>;

  it('records when its sign-in happened, and past the lifetime carries nobody', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = await jwt({ sub: 'u1', role: 'trainee', tokenVersion: 1, signedInAt: now - 3600 });
    expect(fresh).toMatchObject({ sub: 'u1', signedInAt: now - 3600 });
    expect(await jwt({ sub: 'u1', role: 'trainee', tokenVersion: 1, signedInAt: now - 8 * 24 * 3600 })).toEqual({});
    // A token from before the rule starts counting now.
    expect((await jwt({ sub: 'u1', role: 'trainee', tokenVersion: 1 })).signedInAt).toBeGreaterThanOrEqual(now);
  });
});
