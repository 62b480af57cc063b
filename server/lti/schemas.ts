import { z } from 'zod';

/**
 * What crosses a trust boundary into the LTI feature: a platform's registration (admin page,
 * console), the OIDC login initiation and the launch (posted by the LMS through the browser), and
 * a trainer's deep-linking choice.
 */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https address (http only on this machine, for a platform under test). */
export const platformUrl = z
  .string({ error: 'the address is missing' })
  .trim()
  .max(500, 'must be at most 500 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
    } catch {
      return false;
    }
  }, 'must be an https:// address');

const identifier = (what: string) =>
  z
    .string({ error: `${what} is missing` })
    .trim()
    .min(1, `${what} is empty`)
    .max(255, `${what} must be at most 255 characters`);

export const registerPlatformBody = z.strictObject({
  name: z.string().trim().min(1, 'the name is empty').max(120, 'the name must be at most 120 characters'),
  issuer: platformUrl,
  clientId: identifier('the client id'),
  /** One or more, separated by commas or spaces in the form. */
  deploymentIds: z.array(identifier('a deployment id')).min(1, 'give at least one deployment id').max(50, 'at most 50 deployment ids'),
  authUrl: platformUrl,
  tokenUrl: platformUrl,
  jwksUrl: platformUrl,
  instructorsAsTrainers: z.boolean(),
});
export type PlatformRegistration = z.output<typeof registerPlatformBody>;

export const removePlatformBody = z.strictObject({ confirm: z.literal(true, { error: 'confirm must be true' }) });

/** Third-party login initiation (LTI 1.3 §4.1 / OIDC), as query or form parameters. */
export const loginInitiation = z.object({
  iss: z.string().min(1, 'iss (the platform issuer) is missing').max(500),
  login_hint: z.string().min(1, 'login_hint is missing').max(2000),
  target_link_uri: z.string().min(1, 'target_link_uri is missing').max(2000),
  client_id: z.string().max(255).optional(),
  lti_deployment_id: z.string().max(255).optional(),
  lti_message_hint: z.string().max(4000).optional(),
});
export type LoginInitiation = z.output<typeof loginInitiation>;

/** The launch: the platform's id_token and the state it was given, posted as a form. Unknown fields (Canvas adds some) are ignored. */
export const launchBody = z.object({
  id_token: z.string({ error: 'id_token is missing' }).min(1, 'id_token is missing').max(60_000),
  state: z.string({ error: 'state is missing' }).min(1, 'state is missing').max(200),
});

/** Opening a launch shown inside the LMS's frame in a window of its own. */
export const openLaunchBody = z.strictObject({ ticket: z.string().min(1).max(200) });

/**
 * A trainer's picks for a deep linking request, posted by a plain form (so it works without
 * script): one checkbox per item, named `scenario:<id>` or `module:<id>`.
 */
export const deepLinkBody = z
  .record(z.string().regex(/^(scenario|module):[^\s]{1,100}$/, 'each choice is named scenario:<id> or module:<id>'), z.literal('on', { error: 'a choice is "on" when ticked' }))
  .refine((picks) => Object.keys(picks).length <= 100, 'at most 100 choices')
  .transform((picks) => {
    const names = Object.keys(picks);
    const of = (kind: string) => names.filter((n) => n.startsWith(`${kind}:`)).map((n) => n.slice(kind.length + 1));
    return { scenarios: of('scenario'), modules: of('module') };
  });
export type DeepLinkPicks = z.output<typeof deepLinkBody>;
