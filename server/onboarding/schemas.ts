import 'server-only';
import { z } from 'zod';
import { DUE_DAYS_MAX, MODULE_DESCRIPTION_MAX, MODULE_SCENARIOS_MAX, MODULE_TITLE_MAX } from '@/lib/onboarding-limits';

/** Bodies of the module and assignment route handlers; server/onboarding/modules.ts and assignments.ts check the meaning. */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'write the date as YYYY-MM-DD' });

export const moduleBody = z.strictObject({
  title: z.string().max(MODULE_TITLE_MAX * 2),
  description: z
    .string()
    .max(MODULE_DESCRIPTION_MAX * 2)
    .optional(),
  /** In the order they are meant to be played. */
  steps: z.array(z.string().max(100)).max(MODULE_SCENARIOS_MAX),
  defaultDueDays: z.number().int().min(1).max(DUE_DAYS_MAX),
  /** Trainees type their replies in the module's scenarios (decision 033). */
  ownWords: z.boolean().optional(),
});

/** Empty means "none": each person's due date is then their assignment day plus the module's days. */
const dueDate = day.or(z.literal('')).nullable().optional();

export const assignmentRuleBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), userId: z.string().max(100), dueDate }),
  z.strictObject({ kind: z.literal('team'), team: z.string().max(200), dueDate }),
  z.strictObject({ kind: z.literal('cohort'), cohortFrom: day, cohortTo: day, dueDate }),
]);
export type AssignmentRuleBody = z.infer<typeof assignmentRuleBody>;

/** Unassigning takes the module away from everyone the rule reached who has not completed it. */
export const removeRuleBody = z.strictObject({
  confirm: z.literal(true, { error: 'send true: unassigning takes the module away from everyone this rule reached who has not completed it' }),
});
