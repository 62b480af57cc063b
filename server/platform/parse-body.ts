import 'server-only';
import type { z } from 'zod';
import { findUnstorableText } from '@/lib/storable-text';
import { HttpError } from './errors';

/**
 * A request body, already decoded, held to its schema: 400 naming each field that fails. The one
 * rule for every body, whether it came over HTTP (readBody) or from a script calling a service.
 */
export function parseBody<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  // Text the database cannot store is refused here, by field, before any schema.
  const unstorable = findUnstorableText(value);
  if (unstorable) {
    const details = [{ path: unstorable.path, message: `${unstorable.reason}, which cannot be stored` }];
    throw new HttpError(400, 'invalid', `Invalid request: ${unstorable.path}: ${details[0]!.message}`, details);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new HttpError(400, 'invalid', `Invalid request: ${details.map((d) => `${d.path || 'body'}: ${d.message}`).join('; ')}`, details);
  }
  return parsed.data;
}
