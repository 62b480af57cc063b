/**
 * `npm start`: builds if the sources changed since the last build, then serves Frontline with
 * scripts/serve.mjs (Next's request handler behind a method check). Start-up work (migrations,
 * built-in scenarios, demo accounts) runs inside the server (instrumentation.ts); this script
 * waits for it and prints where to go.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { settingsFromEnv, SettingsError, type Settings } from '../server/platform/settings';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../server/demo/accounts';

const NEXT_BIN = path.join('node_modules', 'next', 'dist', 'bin', 'next');
const SERVER = path.join('scripts', 'serve.mjs');
const BUILD_STAMP = path.join('.next', 'frontline-build.json');
// In the cache directory, which a build leaves in place.
const BUILD_LOCK = path.join('.next', 'cache', 'frontline-build.lock');
const SOURCES = [
  'app',
  'components',
  'lib',
  'machines',
  'server',
  'types',
  'public',
  'scenarios/principles.json',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.ts',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];

function fail(message: string): never {
  process.stderr.write(`Frontline cannot start: ${message}\n`);
  process.exit(1);
}

/** A hash of everything the build is made from; tests and fixtures do not count. */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    if (statSync(entry).isDirectory()) {
      for (const child of readdirSync(entry).sort()) visit(path.join(entry, child));
    } else if (!/\.test\.tsx?$|test-fixtures|test-support/.test(entry)) {
      hash.update(entry).update('\0').update(readFileSync(entry)).update('\0');
    }
  };
  SOURCES.forEach(visit);
  return hash.digest('hex');
}

function buildIsCurrent(fingerprint: string): boolean {
  const stamp = existsSync(BUILD_STAMP) ? (JSON.parse(readFileSync(BUILD_STAMP, 'utf8')) as { fingerprint?: string }) : {};
  return existsSync(path.join('.next', 'BUILD_ID')) && stamp.fingerprint === fingerprint;
}

/**
 * Builds when the sources changed since the last build. Instances started at once from one
 * checkout take turns (Next refuses a second build while one runs): the others wait for the lock,
 * then find the build current. The build runs asynchronously so the lock stays fresh meanwhile.
 */
async function buildIfNeeded(env: NodeJS.ProcessEnv) {
  const fingerprint = sourceFingerprint();
  if (buildIsCurrent(fingerprint)) return;
  mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  const release = await lockfile
    .lock('.next', {
      lockfilePath: BUILD_LOCK,
      stale: 30_000,
      update: 5_000,
      // Up to 15 minutes, the longest a build has been given.
      retries: { retries: 900, factor: 1, minTimeout: 1_000, maxTimeout: 1_000 },
      onCompromised: (error) => fail(`lost the build lock (${error.message}).`),
    })
    .catch((error: Error) => fail(`another start-up has been building for too long (${error.message}).`));
  let status: number | null = 0;
  try {
    if (buildIsCurrent(fingerprint)) return;
    process.stdout.write('Building Frontline (first start, or the sources changed)…\n');
    status = await new Promise<number | null>((resolve) => spawn(process.execPath, [NEXT_BIN, 'build'], { stdio: 'inherit', env }).on('exit', resolve));
    if (status === 0) writeFileSync(BUILD_STAMP, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  } finally {
    await release();
  }
  if (status !== 0) fail('the build failed (see above).');
}

/** NEXTAUTH_SECRET from the environment; in demo mode one is generated once and kept in the data directory. */
function sessionSecret(config: Settings): string {
  const given = process.env.NEXTAUTH_SECRET?.trim();
  if (given) {
    if (given.length < 32) fail('NEXTAUTH_SECRET must be at least 32 characters (for example: openssl rand -base64 32).');
    return given;
  }
  if (!config.demo) fail('NEXTAUTH_SECRET is not set. Outside demo mode it must be a long random string, for example: openssl rand -base64 32');
  const file = path.join(config.dataDir, 'nextauth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function waitForHealth(url: string, child: ReturnType<typeof spawn>): Promise<{ database: string; scenarios: number }> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) process.exit(child.exitCode || 1);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return (await response.json()) as { database: string; scenarios: number };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  child.kill('SIGTERM');
  fail('the server did not become ready within two minutes.');
}

async function main() {
  if (process.argv.includes('--build-only')) {
    // For the benchmarks: build when needed, serve nothing.
    await buildIfNeeded({ ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
    process.exit(0);
  }
  let config: Settings;
  try {
    config = settingsFromEnv(process.env);
  } catch (error) {
    if (error instanceof SettingsError) fail(error.message);
    throw error;
  }
  const local = `http://localhost:${config.port}`;
  const configured = process.env.NEXTAUTH_URL?.trim();
  // In demo mode without an address of its own, the site answers at whatever address it is opened
  // at (a trainer showing a colleague at the machine's network address): next-auth then reads the
  // address from each request. Otherwise it needs to know it.
  const anyAddress = config.demo && !configured;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXTAUTH_SECRET: sessionSecret(config),
    ...(anyAddress ? { AUTH_TRUST_HOST: '1' } : { NEXTAUTH_URL: configured || local }),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  if (anyAddress) delete env.NEXTAUTH_URL;
  await buildIfNeeded(env);

  const child = spawn(process.execPath, [SERVER], { stdio: 'inherit', env: { ...env, PORT: String(config.port) } });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

  const health = await waitForHealth(local, child);
  const lines = [
    '',
    `Frontline is running at ${env.NEXTAUTH_URL ?? `${local} (and at any address of this machine)`}`,
    `  Database:  ${health.database === 'pglite' ? `embedded (PGlite) in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  Scenarios: ${health.scenarios}`,
  ];
  if (config.demo) {
    lines.push(`  Demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const account of DEMO_ACCOUNTS) lines.push(`    ${account.email.padEnd(26)} ${account.role}`);
  }
  lines.push('Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

void main();
