import 'server-only';
import { writeDate } from '@/lib/dates';
import type { OutboxMail } from './schemas';

/**
 * The words of each mail, as plain text and as simple HTML (every value escaped, no images, no
 * scripts, styles inline so mail programs keep them). Made when the mail is sent, so it names the
 * person as they are then.
 */

export interface MailContext {
  organisationName: string;
  /** The site's public address, for links. */
  site: string;
  recipientName: string;
  /** The set-password link (set-password mails); a placeholder in previews, which hold no token. */
  setPasswordUrl: string;
  /** Where reminders are turned off (reminder kinds only). */
  unsubscribeUrl?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The kinds a person may turn off: invitations and new assignments still come. */
export const REMINDER_KINDS = ['due-soon', 'overdue', 'reminder'] as const satisfies readonly OutboxMail['kind'][];
export const isReminder = (kind: OutboxMail['kind']) => (REMINDER_KINDS as readonly string[]).includes(kind);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Parts {
  subject: string;
  /** Paragraphs before the link. */
  lines: string[];
  /** A list under the paragraphs (modules). */
  list?: string[];
  action: { label: string; url: string };
  /** Paragraphs after the link. */
  after?: string[];
}

function compose(parts: Parts, context: MailContext): RenderedMail {
  const greeting = `Hello ${context.recipientName},`;
  const footer = context.unsubscribeUrl ? `You get reminders about training that is due. To stop them (you will still hear of new assignments): ${context.unsubscribeUrl}` : null;
  const text = [
    greeting,
    '',
    ...parts.lines.flatMap((line) => [line, '']),
    ...(parts.list?.length ? [...parts.list.map((item) => `- ${item}`), ''] : []),
    `${parts.action.label}: ${parts.action.url}`,
    '',
    ...(parts.after ?? []).flatMap((line) => [line, '']),
    `${context.organisationName} training`,
    ...(footer ? ['', '--', footer] : []),
  ].join('\n');

  const paragraph = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;color:#0f172a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #cbd5e1;border-radius:8px;padding:24px">
<p style="margin:0 0 16px;font-size:14px;color:#334155">${escapeHtml(context.organisationName)} training</p>
${paragraph(greeting)}
${parts.lines.map(paragraph).join('\n')}
${parts.list?.length ? `<ul style="margin:0 0 16px;padding-left:24px">${parts.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : ''}
<p style="margin:0 0 16px"><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(parts.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#334155">Or open this address: ${escapeHtml(parts.action.url)}</p>
${(parts.after ?? []).map(paragraph).join('\n')}
</div>
${footer ? `<p style="max-width:560px;margin:16px auto 0;font-size:13px;color:#334155">You get reminders about training that is due. <a href="${escapeHtml(context.unsubscribeUrl!)}" style="color:#1d4ed8">Stop reminders</a> (you will still hear of new assignments).</p>` : ''}
</body></html>
`;
  return { subject: parts.subject, text, html };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Subject, text and HTML of a mail. */
export function renderMail(mail: OutboxMail, context: MailContext): RenderedMail {
  const org = context.organisationName;
  const home = { label: 'Open your training', url: `${context.site}/` };
  switch (mail.kind) {
    case 'set-password': {
      const expires = writeDate(mail.payload.expiresAt.slice(0, 10));
      const newAccount = mail.payload.purpose === 'new-account';
      return compose(
        {
          subject: newAccount ? `Your ${org} training account` : `Set a new password for ${org} training`,
          lines: newAccount
            ? [`An account has been made for you on ${org}'s customer-service training. Set your password to sign in.`]
            : [`Here is a link to set a new password for ${org}'s customer-service training. Your current password keeps working until you use it.`],
          action: { label: 'Set your password', url: context.setPasswordUrl },
          after: [`The link works once, until ${expires}. If you did not expect this email, you can ignore it.`],
        },
        context,
      );
    }
    case 'assigned':
      return compose(
        {
          subject: `New training: ${mail.payload.moduleTitle}`,
          lines: [`You have been assigned "${mail.payload.moduleTitle}". Please complete it by ${writeDate(mail.payload.dueDate)}.`],
          action: home,
        },
        context,
      );
    case 'due-soon':
      return compose(
        {
          subject: `Due on ${writeDate(mail.payload.dueDate)}: ${mail.payload.moduleTitle}`,
          lines: [`A reminder: "${mail.payload.moduleTitle}" is due on ${writeDate(mail.payload.dueDate)}, and you have not completed it yet.`],
          action: home,
        },
        context,
      );
    case 'overdue':
      return compose(
        {
          subject: `Overdue: ${mail.payload.moduleTitle}`,
          lines: [`"${mail.payload.moduleTitle}" was due on ${writeDate(mail.payload.dueDate)} and is not completed yet. Please complete it as soon as you can.`],
          action: home,
        },
        context,
      );
    case 'reminder': {
      const { modules } = mail.payload;
      const overdue = modules.filter((m) => m.overdue).length;
      return compose(
        {
          subject: overdue ? `Reminder: ${plural(overdue, 'training module')} overdue` : `Reminder: ${plural(modules.length, 'training module')} to complete`,
          lines: [`${org}'s HR team asks you to complete your training:`],
          list: modules.map((m) => `${m.moduleTitle}: ${m.overdue ? 'overdue, it was due' : 'due'} ${writeDate(m.dueDate)}`),
          action: home,
        },
        context,
      );
    }
  }
}
