import { z } from 'zod';
import {
  CHANNELS,
  CRITICAL_MAX_CHARS,
  DIFFICULTIES,
  FEEDBACK_MODES,
  INTENT_MAX_CHARS,
  KEBAB_PATTERN,
  MAX_CHOICES,
  MAX_EXAMPLES,
  MOOD_MAX,
  MOOD_MIN,
  NAME_PATTERN,
  OUTCOMES,
  POINTS_MAX,
  POINTS_MIN,
  SCENARIO_FORMAT,
  TIME_LIMIT_MAX_SECONDS,
  TIME_LIMIT_MIN_SECONDS,
  TIMEOUT_EVENT,
  EXAMPLE_MAX_CHARS,
} from './format';

/**
 * The zod schema of `frontline.scenario/1`. It checks shape only; rules that need the whole
 * document (targets, reachability, principles) live in the checker.
 */

const HTML_TAG = /<\/?[A-Za-z][^>]*>/;
// Tabs and newlines are fine in text; other control characters are not.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const plainText = (min: number, max: number) =>
  z
    .string({ error: 'must be text' })
    .min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .max(max, { error: `must be at most ${max} characters` })
    // An empty text already says "must not be empty"; blank means spaces only.
    .refine((s) => s.length === 0 || s.trim().length > 0, { error: 'must not be blank' })
    .refine((s) => !HTML_TAG.test(s), { error: 'must be plain text, without HTML tags' })
    .refine((s) => !CONTROL_CHARACTERS.test(s), { error: 'must not contain control characters' });

/** One example of a reply (`meta.examples`): plain text; the studio checks a typed reply against it before adding it. */
export const exampleSchema = plainText(1, EXAMPLE_MAX_CHARS);

const kebab = (what: string) => z.string().regex(new RegExp(KEBAB_PATTERN), { error: `${what} must be kebab-case (lower-case words joined by "-")` });

const integer = (min: number, max: number) =>
  z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const principleIdSchema = kebab('a principle id');
export const flagSchema = kebab('a flag');
const stateNameSchema = z.string().regex(new RegExp(NAME_PATTERN), { error: 'a state name is 1–64 letters, digits, "-" or "_", starting with a letter or digit' });
/** Where a transition leads. An empty one is a step not yet chosen, and says only that, not the rules of names. */
const targetSchema = z
  .string()
  .min(1, { error: 'is empty: choose where it leads', abort: true })
  .regex(new RegExp(NAME_PATTERN), { error: 'a state name is 1–64 letters, digits, "-" or "_", starting with a letter or digit' });
const choiceKeySchema = z.string().regex(new RegExp(NAME_PATTERN), { error: 'a choice key is 1–64 letters, digits, "-" or "_", starting with a letter or digit' });

/* ---------- actions and guards: the whole vocabulary ---------- */

export const scoreActionSchema = z.strictObject({
  type: z.literal('score'),
  params: z.record(principleIdSchema, integer(POINTS_MIN, POINTS_MAX)).refine((p) => Object.keys(p).length > 0, { error: 'score needs at least one principle' }),
});
export const moodActionSchema = z.strictObject({
  type: z.literal('mood'),
  params: z.strictObject({ by: integer(MOOD_MIN, MOOD_MAX) }),
});
export const rememberActionSchema = z.strictObject({
  type: z.literal('remember'),
  params: z.strictObject({ flag: flagSchema }),
});

export const ACTION_TYPES = ['score', 'mood', 'remember'] as const;
export const GUARD_TYPES = ['moodAtLeast', 'moodBelow', 'remembered', 'notRemembered'] as const;

const unknownType = (kind: string, known: readonly string[]) => (issue: { code?: string; input?: unknown }) => {
  if (issue.code !== 'invalid_union') return undefined;
  const input = issue.input as { type?: unknown } | undefined;
  const type = input && typeof input === 'object' ? input.type : undefined;
  if (type === undefined) return `a ${kind} needs a "type" (one of ${known.join(', ')})`;
  return `unknown ${kind} ${JSON.stringify(type)} (known: ${known.join(', ')})`;
};

export const actionSchema = z.discriminatedUnion('type', [scoreActionSchema, moodActionSchema, rememberActionSchema], {
  error: unknownType('action', ACTION_TYPES),
});

export const guardSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('moodAtLeast'), params: z.strictObject({ value: integer(-100, 100) }) }),
    z.strictObject({ type: z.literal('moodBelow'), params: z.strictObject({ value: integer(-100, 100) }) }),
    z.strictObject({ type: z.literal('remembered'), params: z.strictObject({ flag: flagSchema }) }),
    z.strictObject({ type: z.literal('notRemembered'), params: z.strictObject({ flag: flagSchema }) }),
  ],
  { error: unknownType('guard', GUARD_TYPES) },
);

/* ---------- transitions ---------- */

const feedbackSchema = plainText(1, 1000);
/** Why taking this reply is a critical error: it fails the attempt whatever the score. */
const criticalSchema = plainText(1, CRITICAL_MAX_CHARS);

export const choiceTransitionSchema = z.strictObject({
  target: targetSchema,
  guard: guardSchema.optional(),
  actions: z.array(actionSchema).optional(),
  meta: z.strictObject({
    choice: plainText(1, 400),
    feedback: feedbackSchema.optional(),
    critical: criticalSchema.optional(),
    /** Other ways a trainee might say this reply; never shown to trainees. */
    examples: z
      .array(exampleSchema)
      .max(MAX_EXAMPLES, { error: `at most ${MAX_EXAMPLES} examples` })
      .optional(),
    /** What the reply does, for trainers and analytics; never shown to trainees. */
    intent: plainText(1, INTENT_MAX_CHARS).optional(),
  }),
});

export const timeoutTransitionSchema = z.strictObject({
  target: targetSchema,
  guard: guardSchema.optional(),
  actions: z.array(actionSchema).optional(),
  meta: z.strictObject({ feedback: feedbackSchema.optional(), critical: criticalSchema.optional() }).optional(),
});

export const junctionTransitionSchema = z.strictObject({
  target: targetSchema,
  guard: guardSchema.optional(),
  actions: z
    .array(
      z.union([moodActionSchema, rememberActionSchema], {
        error: 'a junction may only change mood or remember a flag; scores belong to choices',
      }),
    )
    .optional(),
});

const alternatives = <T extends z.ZodType>(transition: T) => z.union([transition, z.array(transition).min(1, { error: 'a list of alternatives must not be empty' })]);

/* ---------- states ---------- */

const saySchema = z.union([plainText(1, 1000), z.array(plainText(1, 1000)).min(1, { error: 'must list at least one line' })]);

export const decisionStateSchema = z.strictObject({
  meta: z.strictObject({
    say: saySchema,
    narration: plainText(1, 1000).optional(),
    timeLimitSeconds: integer(TIME_LIMIT_MIN_SECONDS, TIME_LIMIT_MAX_SECONDS).optional(),
    /** Show the replies in the order written instead of shuffled per attempt. */
    fixedOrder: z.boolean({ error: 'must be true or false' }).optional(),
  }),
  on: z
    .object({ [TIMEOUT_EVENT]: alternatives(timeoutTransitionSchema).optional() })
    .catchall(alternatives(choiceTransitionSchema))
    .superRefine((on, ctx) => {
      for (const key of Object.keys(on)) {
        if (key !== TIMEOUT_EVENT && !choiceKeySchema.safeParse(key).success) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'a choice key is 1–64 letters, digits, "-" or "_", starting with a letter or digit' });
        }
      }
      const choices = Object.keys(on).filter((k) => k !== TIMEOUT_EVENT).length;
      if (choices === 0) ctx.addIssue({ code: 'custom', message: 'a decision needs at least one choice besides TIMEOUT' });
      if (choices > MAX_CHOICES) ctx.addIssue({ code: 'custom', message: `has ${choices} choices; at most ${MAX_CHOICES} are allowed` });
    }),
});

export const junctionStateSchema = z.strictObject({
  always: z.array(junctionTransitionSchema).min(1, { error: 'a junction needs at least one entry' }),
});

export const endingStateSchema = z.strictObject({
  type: z.literal('final'),
  meta: z.strictObject({
    outcome: z.enum(OUTCOMES, { error: `must be one of ${OUTCOMES.join(', ')}` }),
    summary: plainText(1, 1000),
    say: saySchema.optional(),
  }),
});

export const stateSchema = z.union([decisionStateSchema, junctionStateSchema, endingStateSchema]);

export type StateKind = 'decision' | 'junction' | 'ending';

/** Which kind a state means to be, judged by its most telling key, so errors speak of that kind. */
export function stateKindOf(state: unknown): StateKind {
  if (state && typeof state === 'object' && !Array.isArray(state)) {
    const s = state as Record<string, unknown>;
    if (s.type === 'final') return 'ending';
    if ('always' in s) return 'junction';
  }
  return 'decision';
}

export const stateSchemaByKind = {
  decision: decisionStateSchema,
  junction: junctionStateSchema,
  ending: endingStateSchema,
} as const;

/* ---------- the document ---------- */

export const scenarioMetaSchema = z.strictObject({
  format: z.literal(SCENARIO_FORMAT, { error: `must be exactly "${SCENARIO_FORMAT}"` }),
  title: plainText(1, 120),
  summary: plainText(1, 500),
  channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }),
  difficulty: z.enum(DIFFICULTIES, { error: `must be one of ${DIFFICULTIES.join(', ')}` }),
  minutes: integer(1, 60),
  passPercent: integer(0, 100),
  feedback: z.enum(FEEDBACK_MODES, { error: `must be one of ${FEEDBACK_MODES.join(', ')}` }),
  persona: z.strictObject({ name: plainText(1, 80), role: plainText(1, 120) }),
  principles: z
    .array(principleIdSchema)
    .min(1, { error: 'must list at least one principle' })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'must not list a principle twice' }),
  tags: z.array(plainText(1, 32)).max(12, { error: 'at most 12 tags' }).optional(),
  /**
   * Trainees type each reply in their own words, and the server matches it to the authored replies
   * by their words and examples (decision 033); the replies are listed only after two misses.
   */
  ownWords: z.boolean({ error: 'must be true or false' }).optional(),
  /** The assessment pool this scenario is one variant of: scenarios with the same pool id are interchangeable. */
  pool: z
    .strictObject({
      id: kebab('a pool id').min(3, { error: 'must be at least 3 characters' }).max(64, { error: 'must be at most 64 characters' }),
      title: plainText(1, 120),
    })
    .optional(),
});

const documentFields = {
  $schema: z.string().optional(),
  id: z
    .string()
    .min(3, { error: 'must be at least 3 characters' })
    .max(64, { error: 'must be at most 64 characters' })
    .regex(new RegExp(KEBAB_PATTERN), { error: 'must be kebab-case (lower-case words joined by "-")' }),
  initial: stateNameSchema,
  context: z.strictObject({ mood: integer(MOOD_MIN, MOOD_MAX).optional() }).optional(),
  meta: scenarioMetaSchema,
};

/** The full document: what the JSON Schema is generated from and what a valid file parses to. */
export const scenarioSchema = z.strictObject({
  ...documentFields,
  states: z.record(stateNameSchema, stateSchema),
});

/** The document with states left unchecked, so each state can be checked against its own kind. */
export const scenarioEnvelopeSchema = z.strictObject({
  ...documentFields,
  states: z.record(stateNameSchema, z.unknown()).refine((states) => Object.keys(states).length > 0, { error: 'must have at least one state' }),
});

export * from './document';
