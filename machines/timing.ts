/** How timed decisions run for a trainee (WCAG 2.2.1): as written, doubled, or without limits. */
export const TIME_MODES = ['standard', 'extended', 'off'] as const;
export type TimeMode = (typeof TIME_MODES)[number];

const TIME_FACTORS: Record<TimeMode, number | null> = { standard: 1, extended: 2, off: null };

/** A decision's limit in milliseconds under a time mode, or null when it has none. */
export function timeLimitMs(limitSeconds: number | null, mode: TimeMode): number | null {
  const factor = TIME_FACTORS[mode];
  return limitSeconds === null || factor === null ? null : limitSeconds * factor * 1000;
}

/** A choice arriving this long after the deadline still counts, for network latency. */
export const LATENCY_ALLOWANCE_MS = 2_000;
/**
 * A TIMEOUT may arrive this much before the server's deadline: the browser starts its clock when
 * it shows the decision, slightly before the server records the previous choice.
 */
export const EARLY_TIMEOUT_TOLERANCE_MS = 1_000;
