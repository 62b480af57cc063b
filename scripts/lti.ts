/**
 * Connections to learning platforms (LMSs) over LTI 1.3, on the server's console (docs/lms.md).
 *   npm run -s lti -- add --issuer URL --client-id ID --deployment-id ID [--deployment-id ID …]
 *                         --auth-url URL --token-url URL --jwks-url URL [--name NAME] [--instructors-as-trainers]
 *   npm run -s lti -- list
 *   npm run -s lti -- remove <platform id>
 *   npm run -s lti -- rotate-key
 * `add` and `list` print the tool's login, launch and JWKS URLs to paste into the LMS.
 * Exit codes: 0 done, 1 refused, 2 bad usage.
 * With the embedded database, stop the server first: only one process may open it.
 */
import { closeDatabase, database } from '@/server/db';
import { HttpError } from '@/server/platform/errors';
import { parseBody } from '@/server/platform/parse-body';
import { publicOrigin } from '@/server/platform/site-origin';
import { recordAudit } from '@/server/people/audit';
import { rotateSigningKey } from '@/server/lti/keys';
import { listPlatforms, registerPlatform, removePlatform, toolUrls } from '@/server/lti/platforms';
import { registerPlatformBody } from '@/server/lti/schemas';
import type { LtiPlatform } from '@/server/db/schema';

const USAGE = [
  'usage: npm run -s lti -- add --issuer URL --client-id ID --deployment-id ID --auth-url URL --token-url URL --jwks-url URL [--name NAME] [--instructors-as-trainers]',
  '       npm run -s lti -- list',
  '       npm run -s lti -- remove <platform id>',
  '       npm run -s lti -- rotate-key',
].join('\n');

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const VALUE_OPTIONS = {
  '--issuer': 'issuer',
  '--client-id': 'clientId',
  '--deployment-id': 'deploymentIds',
  '--auth-url': 'authUrl',
  '--token-url': 'tokenUrl',
  '--jwks-url': 'jwksUrl',
  '--name': 'name',
} as const;

function parseAdd(args: string[]) {
  const values: Record<string, unknown> = { deploymentIds: [], instructorsAsTrainers: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--instructors-as-trainers') {
      values.instructorsAsTrainers = true;
      continue;
    }
    const field = VALUE_OPTIONS[flag as keyof typeof VALUE_OPTIONS];
    if (!field) fail(2, `unknown option ${flag}\n${USAGE}`);
    const value = inline ?? args[++i];
    if (value === undefined) fail(2, `${flag} needs a value\n${USAGE}`);
    if (field === 'deploymentIds') (values.deploymentIds as string[]).push(value);
    else values[field] = value;
  }
  if (values.name === undefined && typeof values.issuer === 'string') {
    try {
      values.name = new URL(values.issuer).hostname;
    } catch {
      values.name = values.issuer;
    }
  }
  try {
    return parseBody(registerPlatformBody, values);
  } catch (error) {
    // The schema's words, with the options' names.
    const message = error instanceof HttpError ? error.message.replace(/^Invalid request: /, '') : String(error);
    const named = Object.entries(VALUE_OPTIONS).reduce((text, [flag, field]) => text.replaceAll(new RegExp(`\\b${field}(\\.\\d+)?:`, 'g'), `${flag}:`), message);
    fail(2, `${named}\n${USAGE}`);
  }
}

const out = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);

function describePlatform(platform: LtiPlatform): string[] {
  return [
    `${platform.name}  (id ${platform.id})`,
    `  issuer ${platform.issuer}, client id ${platform.clientId}, deployments ${platform.deploymentIds.join(', ')}`,
    `  auth ${platform.authUrl}`,
    `  token ${platform.tokenUrl}`,
    `  keys ${platform.jwksUrl}`,
    `  LMS instructors become trainers: ${platform.instructorsAsTrainers ? 'yes' : 'no'}`,
  ];
}

function toolLines(): string[] {
  const urls = toolUrls(publicOrigin());
  return [
    'Paste into the LMS:',
    `  Login (initiate login) URL:    ${urls.loginUrl}`,
    `  Launch (redirect) URL:         ${urls.launchUrl}`,
    `  Public keyset (JWKS) URL:      ${urls.jwksUrl}`,
    `  Deep linking (content) URL:    ${urls.deepLinkingUrl}`,
  ];
}

const [command, ...rest] = process.argv.slice(2);
if (command === '--help' || command === '-h') {
  out([USAGE]);
  process.exit(0);
}
if (!command || !['add', 'list', 'remove', 'rotate-key'].includes(command)) fail(2, command ? `unknown command "${command}"\n${USAGE}` : USAGE);
if ((command === 'list' || command === 'rotate-key') && rest.length) fail(2, `"${command}" takes no arguments\n${USAGE}`);
if (command === 'remove' && rest.length !== 1) fail(2, `"remove" takes the platform's id (see "list")\n${USAGE}`);
const registration = command === 'add' ? parseAdd(rest) : null;

let exitCode = 0;
try {
  const { db } = await database();
  if (registration) {
    const platform = await registerPlatform(db, registration, { id: null });
    out([`Registered ${platform.name}.`, ...describePlatform(platform), ...toolLines()]);
  } else if (command === 'list') {
    const platforms = await listPlatforms(db);
    out([
      platforms.length ? `${platforms.length} registered platform${platforms.length === 1 ? '' : 's'}:` : 'No platform is registered.',
      ...platforms.flatMap(describePlatform),
      ...toolLines(),
    ]);
  } else if (command === 'remove') {
    const removed = await removePlatform(db, rest[0]!, { id: null });
    out([`Removed ${removed.name}: it can no longer launch Frontline. Its launches and the accounts they made stay.`]);
  } else {
    const kid = await rotateSigningKey(db);
    await recordAudit(db, { action: 'lti-key-rotated', actorId: null, subject: kid, details: { via: 'console' } });
    out([`New signing key ${kid}. The previous one stays published for a day; platforms pick the new one up from the JWKS URL.`]);
  }
} catch (error) {
  exitCode = 1;
  process.stderr.write(`${error instanceof HttpError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
} finally {
  await closeDatabase();
}
process.exit(exitCode);
