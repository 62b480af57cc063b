import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { claimsFromCookies, SESSION_COOKIE } from './session';

const secret = 'a-test-secret-that-is-long-enough-for-the-key';
const now = Math.floor(Date.now() / 1000);
const check = { secret, nowSeconds: now, maxDays: 7 };
const DAY = 24 * 60 * 60;

/** A session cookie as next-auth writes it at sign-in. */
const cookieFor = async (claims: Record<string, unknown>, maxAge = 12 * 60 * 60) => ({ [SESSION_COOKIE]: await encode({ token: claims, secret, maxAge }) });

describe('the session cookie, read on every request', () => {
  it('names the person and the token version it was issued with', async () => {
    expect(await claimsFromCookies(await cookieFor({ sub: 'u1', tokenVersion: 3, signedInAt: now - 60 }), check)).toEqual({ id: 'u1', tokenVersion: 3 });
  });

  it('is nobody when it is missing, forged, sealed with another secret, or expired', async () => {
    expect(await claimsFromCookies({}, check)).toBeNull();
    expect(await claimsFromCookies({ [SESSION_COOKIE]: 'not-a-token' }, check)).toBeNull();
    const other = { [SESSION_COOKIE]: await encode({ token: { sub: 'u1', tokenVersion: 0 }, secret: 'another-secret-entirely-of-some-length' }) };
    expect(await claimsFromCookies(other, check)).toBeNull();
    expect(await claimsFromCookies(await cookieFor({ sub: 'u1', tokenVersion: 0, signedInAt: now }, -60), check)).toBeNull();
  });

  it('is nobody without a person or a token version', async () => {
    expect(await claimsFromCookies(await cookieFor({ tokenVersion: 0 }), check)).toBeNull();
    expect(await claimsFromCookies(await cookieFor({ sub: 'u1' }), check)).toBeNull();
  });

  it('ends the absolute lifetime after the sign-in, counting a token without a sign-in time from its issue', async () => {
    expect(await claimsFromCookies(await cookieFor({ sub: 'u1', tokenVersion: 0, signedInAt: now - 8 * DAY }), check)).toBeNull();
    expect(await claimsFromCookies(await cookieFor({ sub: 'u1', tokenVersion: 0, signedInAt: now - 6 * DAY }), check)).not.toBeNull();
    expect(await claimsFromCookies(await cookieFor({ sub: 'u1', tokenVersion: 0 }), { ...check, nowSeconds: now + 8 * DAY })).toBeNull();
  });

  it('reads only the session cookie, never a bearer token in a header', async () => {
    const token = await encode({ token: { sub: 'u1', tokenVersion: 0 }, secret });
    expect(await claimsFromCookies({ authorization: `Bearer ${token}` }, check)).toBeNull();
    expect(await claimsFromCookies({ 'other-cookie': token }, check)).toBeNull();
  });
});
