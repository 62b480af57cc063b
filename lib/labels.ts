import type { Channel, Difficulty, Outcome } from '@/machines';
import type { AssignmentStatus } from '@/server/onboarding/assignments';

export const CHANNEL_LABELS: Record<Channel, string> = { phone: 'Phone call', chat: 'Live chat', email: 'Email', 'in-person': 'In person', social: 'Public social media reply' };
export const DIFFICULTY_LABELS: Record<Difficulty, string> = { intro: 'Introductory', core: 'Core', advanced: 'Advanced' };
export const OUTCOME_LABELS: Record<Outcome, string> = { success: 'Resolved', partial: 'Partly resolved', failure: 'Not resolved' };

/** Mood −5..5 in words, so the indicator never relies on colour. */
export function moodLabel(mood: number): string {
  if (mood <= -4) return 'Furious';
  if (mood <= -2) return 'Upset';
  if (mood === -1) return 'Annoyed';
  if (mood === 0) return 'Neutral';
  if (mood <= 2) return 'Calmer';
  if (mood <= 3) return 'Satisfied';
  return 'Delighted';
}

/**
 * Scores are kept exact and shown as whole numbers rounded down, so a score just under the pass
 * mark never reads as the pass mark (69.6 shows as 69, not 70).
 */
export const displayPercent = (value: number) => Math.floor(value + 1e-9);
export const formatPercent = (value: number) => `${displayPercent(value)}%`;

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
  'completed-late': 'Completed late',
  overdue: 'Overdue',
};

/** A count with thousands separators: 25,311. */
export const formatCount = (n: number) => n.toLocaleString('en-GB');

/** "point" or "points", as the number needs. */
export const pointsWord = (value: number) => (Math.abs(value) === 1 ? 'point' : 'points');

/** HR's flag on a pass faster than its text could be read (decision 041), in every view and export. */
export const FAST_PASS_LABEL = 'Passed faster than it could be read';

/** A duration for people, to the second: "under 1 s", "45 s", "3 min 5 s", "2 min". */
export function formatDuration(ms: number): string {
  if (ms < 500) return 'under 1 s';
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes === 0) return `${seconds} s`;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}
