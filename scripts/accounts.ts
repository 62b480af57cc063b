/**
 * Account tasks on the server's console, for when nobody can sign in to do them in the browser.
 *   npm run -s accounts -- admin <email> [--name "Full Name"]
 * Creates the administrator (or makes an existing account an active admin) and prints a one-time
 * link to set a password. Exit codes: 0 done, 1 refused, 2 bad usage.
 * With the embedded database, stop the server first: only one process may open it.
 */
import { emailProblem, nameProblem } from '@/server/people/schemas';
import { adminFromConsole } from '@/server/people/accounts';
import { setPasswordUrl } from '@/server/people/password-links';
import { closeDatabase, database } from '@/server/db';
import { HttpError } from '@/server/platform/errors';

const USAGE = 'usage: npm run -s accounts -- admin <email> [--name "Full Name"]';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parse(argv: string[]): { email: string; name?: string } {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (command !== 'admin') fail(2, command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  let email: string | undefined;
  let name: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--name' || arg.startsWith('--name=')) {
      name = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : rest[++i];
      if (name === undefined) fail(2, `--name needs a value\n${USAGE}`);
    } else if (arg.startsWith('--')) fail(2, `unknown option ${arg}\n${USAGE}`);
    else if (email === undefined) email = arg;
    else fail(2, `unexpected argument "${arg}"\n${USAGE}`);
  }
  if (!email) fail(2, `the email is missing\n${USAGE}`);
  const problem = emailProblem(email) ?? (name !== undefined ? nameProblem(name) : null);
  if (problem) fail(2, `${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
  return { email, name };
}

const input = parse(process.argv.slice(2));
try {
  const { db } = await database();
  const { user, link, created } = await adminFromConsole(db, input);
  const url = setPasswordUrl(link.token);
  process.stdout.write(
    [
      `${created ? 'Created' : 'Updated'} ${user.name} <${user.email}> as an administrator.`,
      `One-time link to set the password (works once, until ${link.expiresAt.toISOString()}):`,
      `  ${url}`,
      '',
    ].join('\n'),
  );
} catch (error) {
  if (error instanceof HttpError) fail(1, error.message);
  fail(1, `Could not update the account: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await closeDatabase();
}
