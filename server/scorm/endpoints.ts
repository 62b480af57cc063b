import 'server-only';
import { NextResponse } from 'next/server';
import type { Database } from '../db';
import type { User } from '../db/schema';
import { signedInRedirect } from '../lti/endpoints';
import { requestAddress } from '../people/audit';
import type { RouteHandler } from '../platform/route';
import { publicOrigin } from '../platform/site-origin';
import { createPackage, redeemScormTicket, scormStatus, ScormRefusal, startScormLaunch } from './launches';
import type { ScormLaunchInput } from './schemas';

/**
 * What the SCORM route handlers do (decision 038), kept here so that tests drive them with plain
 * Requests. The launcher runs in the LMS's origin: the handshake and the status answer any origin
 * (no cookies are read or set there; the package key, the learner secret and the tokens are the
 * credentials), and say so to the browser with Access-Control-Allow-Origin.
 */

/** Lets the launcher, on the LMS's origin, read a route's answers, refusals included. */
export function readableByLaunchers<Name extends string>(handler: RouteHandler<Name>): RouteHandler<Name> {
  const run = async (request: Request, context: { params: Promise<{ [K in Name]: string }> }) => {
    const response = await handler(request, context);
    response.headers.set('Access-Control-Allow-Origin', '*');
    response.headers.set('Cache-Control', 'no-store');
    return response;
  };
  return Object.assign(run, { declaration: handler.declaration });
}

/** POST /api/scorm/packages: the zip, as a download. */
export async function downloadPackage(db: Database, request: Request, actor: User, scenarioId: string, now = new Date()): Promise<Response> {
  const made = await createPackage(db, actor, scenarioId, { origin: publicOrigin(request), now, address: requestAddress(request.headers) });
  return new Response(made.zip as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${made.fileName}"`,
      'Content-Length': String(made.zip.byteLength),
      'Cache-Control': 'no-store',
    },
  });
}

/** POST /api/scorm/launch: the launcher's handshake. */
export async function launch(db: Database, request: Request, body: ScormLaunchInput, now = new Date()): Promise<Response> {
  const handshake = await startScormLaunch(db, body, { now, address: requestAddress(request.headers), lmsOrigin: request.headers.get('origin') });
  return NextResponse.json(handshake);
}

/** POST /api/scorm/open: the learner's button, with the launch's one-time ticket. */
export async function open(db: Database, request: Request, ticket: string, now = new Date()): Promise<Response> {
  const { user, path } = await redeemScormTicket(db, ticket, { now, address: requestAddress(request.headers) });
  return signedInRedirect(user, path, now);
}

/** GET /api/scorm/status?token=…: how the launch's attempt stands. */
export async function status(db: Database, request: Request, now = new Date()): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token');
  if (!token || token.length > 100) throw new ScormRefusal(400, 'token is missing from the address (?token=…): the launcher sends the one its launch was given.');
  return NextResponse.json(await scormStatus(db, token, now));
}
