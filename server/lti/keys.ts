import 'server-only';
import { desc, gt, isNull, or } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db';
import { ltiToolKeys } from '../db/schema';

/**
 * The tool's own RS256 keys (decision 036). The first is made when first needed and kept in the
 * database, so every server process signs with the same key and a restart changes nothing. A
 * rotation makes a new key and retires the old one, which stays in the JWKS for a day: a platform
 * that cached the old set, or a token signed just before, still verifies.
 */

export const KEY_ALGORITHM = 'RS256';
/** How long a retired key stays published. */
export const RETIRED_KEY_PUBLISHED_MS = 24 * 3_600_000;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

async function newKey(db: Pick<Database, 'insert'>): Promise<{ kid: string; privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(KEY_ALGORITHM, { modulusLength: 2048, extractable: true });
  const kid = randomBytes(12).toString('base64url');
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: KEY_ALGORITHM, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: KEY_ALGORITHM, use: 'sig' };
  await db.insert(ltiToolKeys).values({ kid, privateJwk, publicJwk });
  return { kid, privateJwk };
}

/** The key the tool signs with now: the newest unretired one, made on first use. */
export async function signingKey(db: Database): Promise<SigningKey> {
  const [current] = await db.select().from(ltiToolKeys).where(isNull(ltiToolKeys.retiredAt)).orderBy(desc(ltiToolKeys.createdAt)).limit(1);
  const { kid, privateJwk } = current ? { kid: current.kid, privateJwk: current.privateJwk as JWK } : await newKey(db);
  return { kid, privateKey: (await importJWK(privateJwk, KEY_ALGORITHM)) as CryptoKey };
}

/** Makes a new signing key and retires the others. Returns the new key's id. */
export async function rotateSigningKey(db: Database, now = new Date()): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.update(ltiToolKeys).set({ retiredAt: now }).where(isNull(ltiToolKeys.retiredAt));
    return (await newKey(tx)).kid;
  });
}

/** The public keys a platform verifies the tool's messages with (GET /api/lti/jwks). */
export async function publicKeySet(db: Database, now = new Date()): Promise<{ keys: JWK[] }> {
  await signingKey(db); // there is always one to publish
  const rows = await db
    .select({ publicJwk: ltiToolKeys.publicJwk })
    .from(ltiToolKeys)
    .where(or(isNull(ltiToolKeys.retiredAt), gt(ltiToolKeys.retiredAt, new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS))))
    .orderBy(desc(ltiToolKeys.createdAt));
  return { keys: rows.map((r) => r.publicJwk as JWK) };
}
