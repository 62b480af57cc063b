import 'server-only';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUuid } from '@/lib/uuid';

/**
 * The two secrets email needs, both derived from NEXTAUTH_SECRET (which `npm start` requires, or
 * generates in demo mode) so there is no second secret to keep:
 * - a set-password token waits in the outbox encrypted (AES-256-GCM), so that reading the
 *   database still does not give a usable link (decision 011); it is removed once sent;
 * - the unsubscribe link carries the person's id signed with HMAC-SHA256, so it works without
 *   signing in and cannot be made for someone else.
 */

function keyFor(purpose: string, secret = process.env.NEXTAUTH_SECRET): Buffer {
  if (!secret || secret.length < 32) throw new Error('NEXTAUTH_SECRET must be set (at least 32 characters) to send email: it keeps links in the outbox sealed.');
  return Buffer.from(hkdfSync('sha256', secret, 'frontline-mail', purpose, 32));
}

/** A token encrypted for the outbox: iv.ciphertext.tag, base64url. */
export function sealToken(token: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor('sealed-token', secret), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/** The token back, or null when it was sealed with another secret (NEXTAUTH_SECRET changed) or altered. */
export function unsealToken(sealed: string, secret?: string): string | null {
  const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag || iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor('sealed-token', secret), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

const signature = (userId: string, secret?: string) => createHmac('sha256', keyFor('unsubscribe', secret)).update(`reminders-off:${userId}`).digest('base64url');

/** The token in a person's unsubscribe link: their id and its signature. */
export const unsubscribeToken = (userId: string, secret?: string) => `${userId}.${signature(userId, secret)}`;

/** Whose unsubscribe link this is, or null when it is not one this site signed. */
export function unsubscribeTokenOwner(token: string, secret?: string): string | null {
  const [userId, given, ...rest] = token.split('.');
  if (!userId || !given || rest.length || !isUuid(userId)) return null;
  const expected = Buffer.from(signature(userId, secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}
