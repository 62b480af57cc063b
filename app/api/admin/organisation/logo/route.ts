import { NextResponse } from 'next/server';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { requestAddress } from '@/server/people/audit';
import { HttpError } from '@/server/platform/errors';
import { route } from '@/server/platform/route';
import { LOGO_REQUEST_MAX_BYTES, logoBody, removeLogoBody } from '@/server/organisation/schemas';
import { organisationProfile, removeLogo, saveLogo } from '@/server/organisation/settings';

/** The logo as stored, for the settings page's preview. */
export const GET = route.get({ access: ROLES_THAT.administer }, async () => {
  const { db } = await database();
  const { logo } = await organisationProfile(db);
  if (!logo) throw new HttpError(404, 'not-found', 'No logo has been uploaded.');
  return new Response(new Uint8Array(logo.bytes), { headers: { 'Content-Type': logo.type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
});

/** Uploads the certificate's logo: a PNG or JPEG as base64, checked before it replaces the old one. Audited. */
export const PUT = route.put({ access: ROLES_THAT.administer, body: logoBody, maxBytes: LOGO_REQUEST_MAX_BYTES }, async ({ request, actor, body }) => {
  const { db } = await database();
  const { logo } = await saveLogo(db, { id: actor.id, address: requestAddress(request.headers) }, Buffer.from(body.image, 'base64'));
  return NextResponse.json({ logo: { type: logo!.type, width: logo!.width, height: logo!.height, bytes: logo!.bytes.length } });
});

/** Takes the logo off certificates. Audited. */
export const DELETE = route.delete({ access: ROLES_THAT.administer, body: removeLogoBody }, async ({ request, actor }) => {
  const { db } = await database();
  await removeLogo(db, { id: actor.id, address: requestAddress(request.headers) });
  return NextResponse.json({ logo: null });
});
