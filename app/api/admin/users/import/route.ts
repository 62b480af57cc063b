import { IMPORT_BODY_MAX_BYTES, importBody } from '@/server/people/schemas';
import { importUsersFromCsv } from '@/server/people/new-hire-import';
import { setPasswordUrl } from '@/server/people/password-links';
import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * Checks a CSV of new hires ({csv, commit: false}), or checks and creates them all as trainees
 * ({csv, commit: true}). 200 with the rows (and with commit, each person's one-time link) when
 * every row is valid; 422 with every problem and its line otherwise, and then nobody is created.
 */
export const POST = route.post({ access: ROLES_THAT.managePeople, body: importBody, maxBytes: IMPORT_BODY_MAX_BYTES }, async ({ request, actor, body: { csv, commit } }) => {
  const { db } = await database();
  const result = await importUsersFromCsv(db, actor, csv, { commit, address: requestAddress(request.headers) });
  const body = {
    ok: result.ok,
    rows: result.rows,
    errors: result.errors,
    created: result.created.map(({ user, link }) => ({ user, link: setPasswordUrl(link.token, request), expiresAt: link.expiresAt })),
    ...(result.ok
      ? {}
      : { error: { code: 'invalid-rows', message: `The file has ${result.errors.length === 1 ? 'a problem' : `${result.errors.length} problems`}; nobody was created.` } }),
  };
  return Response.json(body, { status: result.ok ? 200 : 422, headers: { 'Cache-Control': 'no-store' } });
});
