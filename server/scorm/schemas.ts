import { z } from 'zod';

/**
 * What crosses a trust boundary into the SCORM feature (decision 038): HR's or a trainer's request
 * for a package, and what the package's launcher in the LMS sends.
 */

export const SCENARIO_ID_PATTERN = /^[a-z0-9-]{3,64}$/;

/** A package for a scenario, asked for by the download button (a plain form). */
export const packageRequestBody = z.strictObject({
  scenarioId: z.string({ error: 'scenarioId is missing' }).regex(SCENARIO_ID_PATTERN, 'scenarioId must be a scenario id (a-z, 0-9 and -)'),
});

/** The launcher's handshake: the package (id and key) and the learner as the LMS named them. */
export const scormLaunchBody = z.strictObject({
  packageId: z.uuid({ error: 'packageId must be the package’s id' }),
  key: z.string({ error: 'key is missing' }).min(20, 'key is too short').max(100, 'key must be at most 100 characters'),
  // CMIIdentifier and CMIString255 (SCORM 1.2 RTE 3.4.2): an id of at most 255 characters.
  studentId: z
    .string({ error: 'studentId is missing' })
    .trim()
    .min(1, 'studentId is empty: the LMS gave no cmi.core.student_id')
    .max(255, 'studentId must be at most 255 characters'),
  studentName: z.string().trim().max(255, 'studentName must be at most 255 characters').optional().default(''),
  learnerSecret: z.string().min(20, 'learnerSecret is too short').max(100, 'learnerSecret must be at most 100 characters').nullable().optional(),
});
export type ScormLaunchInput = z.output<typeof scormLaunchBody>;
