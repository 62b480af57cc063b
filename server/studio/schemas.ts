import { z } from 'zod';
import { CHANGE_NOTE_MAX, SCENARIO_TITLE_MAX } from '@/lib/authoring-limits';
import { MAX_FILE_BYTES } from '@/machines';

/**
 * Request bodies of the studio's route handlers: shape, types, trimming and lengths. The services
 * in server/studio/authoring.ts take what these parse, and check what needs the records.
 */

/** Text the studio keeps trimmed, refused past its limit (lib/authoring-limits.ts, which the forms show). */
const trimmedText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `use at most ${max} characters` });

/** Revision and version numbers are PostgreSQL integers. */
const recordNumber = () => z.number().int().positive().max(2_147_483_647);

/** A scenario travels as its JSON text, up to the format's 1 MB, plus the rest of the body. */
export const STUDIO_BODY_LIMIT = MAX_FILE_BYTES * 2 + 16 * 1024;

export const newScenarioBody = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('blank'), title: trimmedText(SCENARIO_TITLE_MAX), id: z.string().max(100).optional() }),
    z.strictObject({
      mode: z.literal('duplicate'),
      fromScenarioId: z.string().max(100),
      version: recordNumber().optional(),
      title: trimmedText(SCENARIO_TITLE_MAX).optional(),
      id: z.string().max(100).optional(),
    }),
    z.strictObject({ mode: z.literal('import'), source: z.string(), fileName: z.string().max(255).optional() }),
  ],
  { error: 'mode must be "blank", "duplicate" or "import"' },
);

export const saveDraftBody = z.strictObject({ source: z.string(), baseRevision: recordNumber() });
export const restoreBody = z.strictObject({ baseRevision: recordNumber() });
/** `acknowledgeWarnings`: the trainer has seen the draft's design warnings and publishes anyway (without it, a draft with warnings is refused with 409). */
export const publishBody = z.strictObject({ revision: recordNumber(), changeNote: trimmedText(CHANGE_NOTE_MAX), acknowledgeWarnings: z.boolean().optional() });
/** A revision's note: what changed, in the trainer's words; empty clears it. */
export const revisionNoteBody = z.strictObject({ note: trimmedText(CHANGE_NOTE_MAX) });
/**
 * `confirm`: the trainer has seen the modules and people archiving reaches and archives anyway
 * (without it, archiving a scenario a module uses is refused with 409 naming them).
 */
export const archiveBody = z.strictObject({ archived: z.boolean(), confirm: z.boolean().optional() });

/** A revision or version number from a URL segment; anything else names no record. */
export const positiveNumber = (segment: string): number | null => (/^[1-9]\d{0,8}$/.test(segment) ? Number(segment) : null);
