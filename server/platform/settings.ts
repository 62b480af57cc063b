import path from 'node:path';

/**
 * Every setting Frontline reads from the environment, in one place (documented in the README),
 * validated once: a bad value stops `npm start` with a message naming the variable.
 * Plain Node, no 'server-only': the start script reads the same settings before Next starts.
 */
export interface Settings {
  port: number;
  /**
   * The address the site calls itself in links that leave it (set-password links, certificates,
   * xAPI statements): NEXTAUTH_URL's origin. Unset in demo mode, where the site answers at whatever
   * address it is opened at (see site-origin.ts).
   */
  siteOrigin: string | null;
  /** PostgreSQL connection string; unset means the embedded database (PGlite). */
  databaseUrl: string | null;
  /** Where the embedded database and generated secrets live. */
  dataDir: string;
  /** Demo accounts with a known password exist only in demo mode. */
  demo: boolean;
  /**
   * How many reverse proxies in front of Frontline append to X-Forwarded-For; the client address
   * is the entry that many places from the right.
   */
  trustedProxies: number;
  /** Analytics filtered to a group smaller than this (people with attempts) show no figures. */
  minGroupSize: number;
  /** Days after signing in that a session ends however active it has been; the person signs in again. */
  sessionMaxDays: number;
  /** Failed sign-ins allowed per account and per client address within the window, then 429. */
  signInThrottle: { accountLimit: number; addressLimit: number; windowMinutes: number };
  /** Single sign-on through an OpenID Connect provider, when configured. */
  oidc: OidcSettings | null;
  /** The organisation's IANA time zone: due dates are calendar days there. */
  timeZone: string;
  /** A Learning Record Store to send xAPI statements of finished attempts to, when configured. */
  lrs: LrsSettings | null;
  /** Email through an SMTP server, when configured; null: no email (set-password links are copied by hand). */
  mail: MailSettings | null;
  /** The organisation's name, in emails and on certificates. */
  organisationName: string;
  /** In demo mode, how many synthetic trainees (with teams, assignments and attempts) to add on first start. */
  demoTrainees: number;
}

export interface LrsSettings {
  /** The LRS's xAPI base URL; statements go to <endpoint>/statements. */
  endpoint: string;
  /** HTTP Basic credentials the LRS issued. */
  key: string;
  secret: string;
}

export interface MailSettings {
  /** smtp:// or smtps:// with the credentials, host and port, as nodemailer reads it. */
  smtpUrl: string;
  /** The From address, with a display name if given ("Training <training@example.com>"). */
  from: string;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's name on the sign-in button. */
  name: string;
  /** Create an unknown (but verified) email as a trainee instead of refusing it. */
  autoCreate: boolean;
}

export class SettingsError extends Error {}

export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): Settings {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SettingsError(`PORT must be a port number (1–65535), not "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new SettingsError('DATABASE_URL must be a PostgreSQL connection string (postgres://user:password@host:5432/database)');
  }
  const demoFlag = env.FRONTLINE_DEMO?.trim();
  if (demoFlag && demoFlag !== '0' && demoFlag !== '1') throw new SettingsError(`FRONTLINE_DEMO must be 1 or 0, not "${demoFlag}"`);
  return {
    port,
    siteOrigin: siteOriginFromEnv(env),
    databaseUrl,
    trustedProxies: wholeNumber(env, 'FRONTLINE_TRUSTED_PROXIES', 0, 0),
    sessionMaxDays: wholeNumber(env, 'FRONTLINE_SESSION_MAX_DAYS', 7, 1),
    minGroupSize: wholeNumber(env, 'FRONTLINE_MIN_GROUP_SIZE', 5, 1),
    signInThrottle: {
      accountLimit: wholeNumber(env, 'FRONTLINE_SIGNIN_ACCOUNT_LIMIT', 5, 1),
      addressLimit: wholeNumber(env, 'FRONTLINE_SIGNIN_ADDRESS_LIMIT', 50, 1),
      windowMinutes: wholeNumber(env, 'FRONTLINE_SIGNIN_WINDOW_MINUTES', 15, 1),
    },
    oidc: oidcFromEnv(env),
    timeZone: timeZoneFromEnv(env),
    lrs: lrsFromEnv(env),
    mail: mailFromEnv(env),
    organisationName: organisationNameFromEnv(env),
    demoTrainees: wholeNumber(env, 'FRONTLINE_DEMO_TRAINEES', 300, 0),
    // A run-time location, not a build input: keep it out of output tracing.
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.FRONTLINE_DATA_DIR?.trim() || '.data'),
    demo: demoFlag === '1' || (databaseUrl === null && demoFlag !== '0'),
  };
}

/** Settings of this server process, read from the environment once. */
export function settings(): Settings {
  const cache = globalThis as { __frontlineSettings?: Settings };
  cache.__frontlineSettings ??= settingsFromEnv(process.env);
  return cache.__frontlineSettings;
}

function siteOriginFromEnv(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = env.NEXTAUTH_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingsError(`NEXTAUTH_URL must be the site's address, such as https://training.example.com, not "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(`NEXTAUTH_URL must be an http or https address, not "${raw}"`);
  return url.origin;
}

function wholeNumber(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new SettingsError(`${name} must be a whole number of at least ${min}, not "${raw}"`);
  return value;
}

function timeZoneFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const raw = env.FRONTLINE_TIME_ZONE?.trim();
  if (!raw) return 'UTC';
  try {
    // The canonical spelling, so "europe/london" and "Europe/London" are one zone.
    return new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    throw new SettingsError(`FRONTLINE_TIME_ZONE must be an IANA time zone name such as Europe/London or America/New_York, not "${raw}"`);
  }
}

const OIDC_VARIABLES = ['AUTH_OIDC_ISSUER', 'AUTH_OIDC_CLIENT_ID', 'AUTH_OIDC_CLIENT_SECRET'] as const;

function oidcFromEnv(env: Readonly<Record<string, string | undefined>>): OidcSettings | null {
  const [issuer, clientId, clientSecret] = OIDC_VARIABLES.map((name) => env[name]?.trim() || '');
  if (!issuer && !clientId && !clientSecret) return null;
  const missing = OIDC_VARIABLES.filter((name) => !env[name]?.trim());
  if (missing.length) throw new SettingsError(`Single sign-on needs ${OIDC_VARIABLES.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
  if (!/^https?:\/\/[^/]+/.test(issuer!)) throw new SettingsError(`AUTH_OIDC_ISSUER must be the provider's issuer URL, not "${issuer}"`);
  const autoCreate = env.AUTH_OIDC_AUTOCREATE?.trim();
  if (autoCreate && autoCreate !== '0' && autoCreate !== '1') throw new SettingsError(`AUTH_OIDC_AUTOCREATE must be 1 or 0, not "${autoCreate}"`);
  return {
    issuer: issuer!.replace(/\/+$/, ''),
    clientId: clientId!,
    clientSecret: clientSecret!,
    name: env.AUTH_OIDC_NAME?.trim() || 'single sign-on',
    autoCreate: autoCreate === '1',
  };
}

const LRS_VARIABLES = ['FRONTLINE_LRS_ENDPOINT', 'FRONTLINE_LRS_KEY', 'FRONTLINE_LRS_SECRET'] as const;

function lrsFromEnv(env: Readonly<Record<string, string | undefined>>): LrsSettings | null {
  const [endpoint, key, secret] = LRS_VARIABLES.map((name) => env[name]?.trim() || '');
  if (!endpoint && !key && !secret) return null;
  const missing = LRS_VARIABLES.filter((name) => !env[name]?.trim());
  if (missing.length)
    throw new SettingsError(`Sending to a Learning Record Store needs ${LRS_VARIABLES.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
  if (!/^https?:\/\/[^/]+/.test(endpoint!)) throw new SettingsError(`FRONTLINE_LRS_ENDPOINT must be the LRS's xAPI URL, such as https://lrs.example.com/xapi, not "${endpoint}"`);
  return { endpoint: endpoint!.replace(/\/+$/, ''), key: key!, secret: secret! };
}

function mailFromEnv(env: Readonly<Record<string, string | undefined>>): MailSettings | null {
  const smtpUrl = env.FRONTLINE_SMTP_URL?.trim() || '';
  const from = env.FRONTLINE_MAIL_FROM?.trim() || '';
  if (!smtpUrl && !from) return null;
  if (!smtpUrl) throw new SettingsError('FRONTLINE_MAIL_FROM is set but FRONTLINE_SMTP_URL is not: set both to send email, or neither');
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new SettingsError('FRONTLINE_SMTP_URL must be an address such as smtp://user:password@mail.example.com:587');
  }
  // The URL holds the password: never repeat it in a message.
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new SettingsError(`FRONTLINE_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  if (!url.hostname) throw new SettingsError('FRONTLINE_SMTP_URL must name the mail server, as in smtp://user:password@mail.example.com:587');
  if (!from) throw new SettingsError('FRONTLINE_SMTP_URL is set but FRONTLINE_MAIL_FROM is not: set the address emails come from, such as "Training <training@example.com>"');
  if (!/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(from) || /[\r\n]/.test(from)) {
    throw new SettingsError(`FRONTLINE_MAIL_FROM must be an email address, or a name and an address as in "Training <training@example.com>", not "${from}"`);
  }
  return { smtpUrl, from };
}

function organisationNameFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const name = env.FRONTLINE_ORGANISATION_NAME?.trim() || 'Frontline';
  if (name.length > 120 || /[\u0000-\u001f\u007f]/.test(name)) throw new SettingsError('FRONTLINE_ORGANISATION_NAME must be one line of at most 120 characters');
  return name;
}
