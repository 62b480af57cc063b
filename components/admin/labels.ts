import type { Role } from '@/server/db/schema';

export const ROLE_LABELS: Record<Role, string> = { trainee: 'Trainee', trainer: 'Trainer', hr: 'HR', admin: 'Admin' };
/** The roles from least to most access (the schema's list stays on the server). */
export const ROLE_ORDER = Object.keys(ROLE_LABELS) as Role[];

/** What each role may do, in the words the role picker shows. */
export const ROLE_HINTS: Record<Role, string> = {
  trainee: 'plays scenarios and sees their own results',
  trainer: 'also writes and publishes scenarios',
  hr: 'creates trainee accounts, assigns modules, sees everyone’s progress',
  admin: 'everything, plus roles, deactivation and the audit log',
};

/** A date-only value (YYYY-MM-DD) as "1 June 2026"; it has no time zone to convert. */
export function formatDay(day: string, month: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month, year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

export interface PersonStatusInput {
  active: boolean;
  hasPassword: boolean;
  anonymised: boolean;
}

/** One word or two for where an account stands, so the list never relies on colour. */
export function statusLabel(person: PersonStatusInput): string {
  if (person.anonymised) return 'Identity removed';
  if (!person.active) return 'Deactivated';
  if (!person.hasPassword) return 'Awaiting password';
  return 'Active';
}

/** "was added as …" */
export const ROLE_AS_NOUN: Record<Role, string> = { trainee: 'a trainee', trainer: 'a trainer', hr: 'HR', admin: 'an administrator' };
