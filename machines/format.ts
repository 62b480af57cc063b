/** Constants of the `frontline.scenario/1` format (see docs/scenario-format.md). */
export const SCENARIO_FORMAT = 'frontline.scenario/1';

export const MOOD_MIN = -5;
export const MOOD_MAX = 5;
export const POINTS_MIN = -3;
export const POINTS_MAX = 3;
export const MAX_STATES = 200;
export const MAX_CHOICES = 6;
export const MAX_FILE_BYTES = 1024 * 1024;
export const TIME_LIMIT_MIN_SECONDS = 5;
export const TIME_LIMIT_MAX_SECONDS = 300;
export const CRITICAL_MAX_CHARS = 200;
export const MAX_EXAMPLES = 20;
/** The longest example of a reply (`meta.examples`), in characters. */
export const EXAMPLE_MAX_CHARS = 400;
export const INTENT_MAX_CHARS = 80;

export const TIMEOUT_EVENT = 'TIMEOUT';

export const CHANNELS = ['phone', 'chat', 'email', 'in-person', 'social'] as const;
export const DIFFICULTIES = ['intro', 'core', 'advanced'] as const;
export const FEEDBACK_MODES = ['immediate', 'debrief'] as const;
export const OUTCOMES = ['success', 'partial', 'failure'] as const;

export type Channel = (typeof CHANNELS)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];
export type FeedbackMode = (typeof FEEDBACK_MODES)[number];
export type Outcome = (typeof OUTCOMES)[number];

/** Scenario ids, principle ids and flags: lower-case words joined by hyphens. */
export const KEBAB_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
/**
 * State names and choice keys. Dots, `#` and `*` are excluded because xstate gives them meaning
 * in targets and event descriptors.
 */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';

export const clampMood = (mood: number): number => Math.max(MOOD_MIN, Math.min(MOOD_MAX, mood));
