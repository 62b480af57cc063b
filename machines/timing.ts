/** How timed decisions run for a trainee (WCAG 2.2.1): as written, doubled, or without limits. */
export const TIME_MODES = ['standard', 'extended', 'off'] as const;
export type TimeMode = (typeof TIME_MODES)[number];

const TIME_FACTORS: Record<TimeMode, number | null> = { standard: 1, extended: 2, off: null };

/**
 * A brisk silent reading pace, in words per minute: a little above the average adult's rate for
 * non-fiction (about 240). A timed decision first gives the trainee time to read what it shows at
 * this pace, then the limit the author wrote, so a long decision is never a test of reading speed.
 */
export const READING_WORDS_PER_MINUTE = 250;

/** Words in the texts: runs of letters or digits, joined by an apostrophe or hyphen (and a number's point or comma). */
export function wordCount(texts: readonly string[]): number {
  let words = 0;
  for (const text of texts) words += text.match(/[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+|[.,]\p{N}+)*/gu)?.length ?? 0;
  return words;
}

/** Whole seconds to read the texts at the brisk pace. */
export const readingSeconds = (texts: readonly string[]): number => Math.ceil((wordCount(texts) * 60) / READING_WORDS_PER_MINUTE);

/**
 * A timed decision's limit in milliseconds under a time mode, or null when it has none: the time to
 * read what it shows plus the written limit, doubled when extended.
 */
export function timeLimitMs(limitSeconds: number | null, readSeconds: number, mode: TimeMode): number | null {
  const factor = TIME_FACTORS[mode];
  return limitSeconds === null || factor === null ? null : (readSeconds + limitSeconds) * factor * 1000;
}

/** A choice arriving this long after the deadline still counts, for network latency. */
export const LATENCY_ALLOWANCE_MS = 2_000;
/**
 * A TIMEOUT may arrive this much before the server's deadline: the browser starts its clock when
 * it shows the decision, slightly before the server records the previous choice.
 */
export const EARLY_TIMEOUT_TOLERANCE_MS = 1_000;
