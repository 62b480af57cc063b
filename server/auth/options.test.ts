import { describe, expect, it } from 'vitest';
import { signInErrorMessage } from '@/components/auth/sign-in-messages';
import { cookieOptions, secureCookiesFor, ssoProvider, SSO_PROVIDER_ID, throttledError } from './options';

describe('session cookies', () => {
  it('are Secure everywhere but on the local machine', () => {
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:3210', 'http://[::1]:3000', 'https://localhost']) expect(secureCookiesFor(local)).toBe(false);
    for (const remote of ['https://frontline.example.com', 'http://frontline.example.com', 'https://localhost.example.com', 'http://10.0.0.5:3000']) {
      expect(secureCookiesFor(remote)).toBe(true);
    }
    // `npm start` sets the public URL to localhost when none is given.
    expect(secureCookiesFor(undefined)).toBe(false);
    expect(secureCookiesFor('not a url')).toBe(true);
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
