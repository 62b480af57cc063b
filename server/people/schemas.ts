import { z } from 'zod';
import { ROLES } from '../db/schema';
import { normaliseEmail } from '../auth/sign-in';
import { isRealDate } from '../../lib/dates';
import { EMAIL_MAX, NAME_MAX, TEAM_MAX } from '@/lib/people-limits';

/**
 * The fields of a person's account and the API bodies that carry them. The same checks apply to
 * the forms and to every row of a CSV import, so a value refused in one is refused in the other.
 */

// Deliberately loose: one @, something on each side, a dot in the domain, no spaces. Whether the
// address works is shown by the person using their link, not by a pattern.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with a name, or null. */
export function nameProblem(name: string): string | null {
  if (!name.trim()) return 'the name is empty';
  if (name.trim().length > NAME_MAX) return `the name is longer than ${NAME_MAX} characters`;
  return null;
}

/** What is wrong with an email address, or null. */
export function emailProblem(email: string): string | null {
  const value = email.trim();
  if (!value) return 'the email is empty';
  if (value.length > EMAIL_MAX) return `the email is longer than ${EMAIL_MAX} characters`;
  if (!EMAIL_PATTERN.test(value)) return `"${value}" is not an email address`;
  return null;
}

/** What is wrong with a team, or null; an empty team means none. */
export function teamProblem(team: string): string | null {
  return team.trim().length > TEAM_MAX ? `the team is longer than ${TEAM_MAX} characters` : null;
}

/** What is wrong with a start date, or null; an empty date means none. */
export function startDateProblem(startDate: string): string | null {
  const value = startDate.trim();
  if (!value) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return `the start date "${value}" is not written YYYY-MM-DD`;
  if (!isRealDate(value)) return `the start date "${value}" is not a real date`;
  return null;
}

const fromProblem = (problem: (value: string) => string | null) => (value: string, context: z.RefinementCtx) => {
  const message = problem(value);
  if (message) context.addIssue({ code: 'custom', message });
};

const nameField = z
  .string()
  .superRefine(fromProblem(nameProblem))
  .transform((v) => v.trim());
const emailField = z.string().superRefine(fromProblem(emailProblem)).transform(normaliseEmail);
/** Empty or null means "none". */
const teamField = z
  .string()
  .superRefine(fromProblem(teamProblem))
  .transform((v) => v.trim() || null)
  .nullable();
const startDateField = z
  .string()
  .superRefine(fromProblem(startDateProblem))
  .transform((v) => v.trim() || null)
  .nullable();

export const createPersonBody = z.strictObject({
  name: nameField,
  email: emailField,
  /** HR may only create trainees; left out, a trainee is created. */
  role: z.enum(ROLES).default('trainee'),
  team: teamField.optional().transform((v) => v ?? null),
  startDate: startDateField.optional().transform((v) => v ?? null),
});
export type CreatePersonInput = z.infer<typeof createPersonBody>;

export const updatePersonBody = z
  .strictObject({
    name: nameField.optional(),
    team: teamField.optional(),
    startDate: startDateField.optional(),
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), { error: 'nothing to change: send at least one of name, team, startDate, role, active' });
export type UpdatePersonInput = z.infer<typeof updatePersonBody>;

/** Somewhat over the CSV limit: JSON escaping makes the body longer than the file. */
export const IMPORT_BODY_MAX_BYTES = 3 * 1024 * 1024;
export const importBody = z.strictObject({ csv: z.string(), commit: z.boolean() });

/**
 * A new link stops the person's earlier unused links from working; the caller says it means that.
 * (It also keeps to the rule that a mutation with an empty body changes nothing.)
 */
export const passwordLinkBody = z.strictObject({
  replaceEarlierLinks: z.literal(true, { error: 'send true: a new link stops the earlier unused links from working' }),
});

export const setPasswordBody = z.strictObject({ token: z.string().max(200), password: z.string().max(4096) });
