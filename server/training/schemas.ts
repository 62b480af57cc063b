import { z } from 'zod';
import { KEBAB_PATTERN, MAX_CHOICES, NAME_PATTERN } from '@/machines';
import { typedReplySchema } from '@/machines/own-words/scenario-matcher';
import { TIME_MODES } from '../db/schema';

/** Bodies the API accepts; shared with the browser code that sends them. */
export const startAttemptBody = z.strictObject({
  scenarioId: z.string().regex(new RegExp(KEBAB_PATTERN)).max(64),
  /** Chosen on the briefing page; saved as the trainee's default. */
  timeMode: z.enum(TIME_MODES).optional(),
});
/** A choice: by its key in a coaching scenario, by the position it was shown at in an assessment; TIMEOUT in both. */
export const choiceBody = z
  .strictObject({
    seq: z.number().int().min(0).max(10_000),
    event: z.string().regex(new RegExp(NAME_PATTERN), { error: 'not a choice key' }).optional(),
    option: z.number().int().min(1).max(MAX_CHOICES).optional(),
    /** Where trainees type their replies: the words the choice was understood from. */
    typed: typedReplySchema.optional(),
  })
  .refine((body) => (body.event === undefined) !== (body.option === undefined), { error: 'give either "event" or "option"' });
/** Taking back the reply just given in coaching, to answer decision `seq` again (decision 042). */
export const replyRetryBody = z.strictObject({ seq: z.number().int().min(0).max(10_000) });
export const timeModeBody = z.strictObject({ timeMode: z.enum(TIME_MODES) });
/** A reply typed in the trainee's own words, at decision `seq`, to be understood before it is sent. */
export const typedReplyBody = z.strictObject({ seq: z.number().int().min(0).max(10_000), text: typedReplySchema });
