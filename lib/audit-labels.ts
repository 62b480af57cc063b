import type { AuditAction } from '@/server/db/schema';

/** Each action in plain words, as the log's table and filter show it. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'sign-in': 'Signed in',
  'sign-in-failed': 'Sign-in failed',
  'sign-in-throttled': 'Sign-in blocked: too many failures',
  'sign-out': 'Signed out',
  'password-set': 'Set a password',
  'password-link-created': 'Set-password link made',
  'user-created': 'Account created',
  'user-updated': 'Account details changed',
  'role-changed': 'Role changed',
  'user-deactivated': 'Account deactivated',
  'user-reactivated': 'Account reactivated',
  'users-imported': 'People imported',
  'person-exported': 'Personal data exported',
  'person-anonymised': 'Person anonymised',
  'person-erased': 'Person erased',
  'scenario-published': 'Scenario published',
  'scenario-archived': 'Scenario archived',
  'scenario-unarchived': 'Scenario brought back from the archive',
  'module-created': 'Module created',
  'module-changed': 'Module changed',
  'module-assigned': 'Module assigned',
  'module-unassigned': 'Module unassigned',
  'records-exported': 'Training records exported',
  'mail-sent': 'Email sent',
  'reminder-requested': 'Reminder emailed by HR',
  'reminders-turned-off': 'Email reminders turned off',
  'reminders-turned-on': 'Email reminders turned on',
  'lti-platform-added': 'LMS connection added',
  'lti-platform-removed': 'LMS connection removed',
  'lti-key-rotated': 'LMS signing key replaced',
  'lti-launch': 'Launched from an LMS',
  'scorm-package-downloaded': 'SCORM package downloaded',
  'scorm-launch': 'Launched from a SCORM package',
  'organisation-changed': 'Organisation settings changed',
};

/** The filter's checkboxes, grouped the way an admin looks for them. */
export const AUDIT_ACTION_GROUPS: { label: string; actions: AuditAction[] }[] = [
  { label: 'Signing in', actions: ['sign-in', 'sign-in-failed', 'sign-in-throttled', 'sign-out', 'password-set', 'password-link-created'] },
  { label: 'Accounts', actions: ['user-created', 'user-updated', 'role-changed', 'user-deactivated', 'user-reactivated', 'users-imported'] },
  { label: 'Privacy', actions: ['person-exported', 'person-anonymised', 'person-erased', 'records-exported'] },
  { label: 'Training', actions: ['scenario-published', 'scenario-archived', 'scenario-unarchived', 'module-created', 'module-changed', 'module-assigned', 'module-unassigned'] },
  { label: 'Email', actions: ['mail-sent', 'reminder-requested', 'reminders-turned-off', 'reminders-turned-on'] },
  { label: 'LMS connections', actions: ['lti-platform-added', 'lti-platform-removed', 'lti-key-rotated', 'lti-launch', 'scorm-package-downloaded', 'scorm-launch'] },
  { label: 'Settings', actions: ['organisation-changed'] },
];

/** What the free-text subject is, for the actions that have one. */
export function subjectLabel(action: AuditAction): string {
  if (action === 'sign-in-failed' || action === 'sign-in-throttled' || action === 'user-created') return 'Email';
  if (action.startsWith('scenario-')) return 'Scenario';
  if (action.startsWith('module-')) return 'Module';
  if (action.startsWith('lti-')) return 'Platform';
  return 'Subject';
}

const ROLE_WORDS: Record<string, string> = { trainee: 'Trainee', trainer: 'Trainer', hr: 'HR', admin: 'Admin' };
const WORDS: Record<string, string> = {
  sso: 'single sign-on',
  lti: 'launch from an LMS',
  password: 'password',
  'new-account': 'new account',
  reset: 'password reset',
  // How a module came to be assigned when a person was added or changed (assignAfterPersonChange).
  'account-created': 'the new account',
  'account-changed': 'a change to the account',
  import: 'an import',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** "retryAfterSeconds" → "retry after seconds". */
const words = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();

function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) return `${value.slice(0, 10)} ${value.slice(11, 16)} UTC`;
    // As it is otherwise: a day (2026-12-07), a team or an email keeps its hyphens.
    return ROLE_WORDS[value] ?? WORDS[value] ?? value;
  }
  if (Array.isArray(value))
    return value.every((v) => typeof v !== 'object' || v === null) ? value.map(valueText).join(', ') : `${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${words(k)} ${valueText(v)}`)
    .join(', ');
}

/** An entry's details in a line of words: "Trainee → Trainer", "via password, reason: wrong password". */
export function summariseDetails(details: Record<string, unknown>): string {
  const rest = { ...details };
  const parts: string[] = [];
  if ('from' in rest && 'to' in rest) {
    parts.push(`${valueText(rest.from)} → ${valueText(rest.to)}`);
    delete rest.from;
    delete rest.to;
  }
  if (Array.isArray(rest.fields)) {
    parts.push(`changed: ${(rest.fields as unknown[]).map((f) => words(String(f))).join(', ')}`);
    delete rest.fields;
  }
  if (typeof rest.via === 'string') {
    parts.push(`via ${valueText(rest.via)}`);
    delete rest.via;
  }
  // Ids of records (an assignment rule) mean nothing to a reader, nor do empty fields; the CSV export keeps both.
  for (const [key, value] of Object.entries(rest))
    if (value !== null && value !== undefined && !(typeof value === 'string' && UUID.test(value))) parts.push(`${words(key)}: ${valueText(value)}`);
  return parts.join(' · ');
}
