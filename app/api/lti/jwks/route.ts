import { NextResponse } from 'next/server';
import { database } from '@/server/db';
import { publicKeySet } from '@/server/lti/keys';
import { route } from '@/server/platform/route';
import { LOCKED_DOWN_POLICY } from '@/server/platform/security-headers';

/** The tool's public keys, with which platforms verify its deep linking responses and grade requests. */
export const GET = route.get({ access: 'public' }, async () => {
  const { db } = await database();
  return NextResponse.json(await publicKeySet(db), { headers: { 'Cache-Control': 'public, max-age=300', 'Content-Security-Policy': LOCKED_DOWN_POLICY } });
});
