import type { DebriefTimeModeChange } from '@/server/training/debrief';
import type { TimeMode } from '@/server/db/schema';

/** Time modes in words, saying what each does. */
export const TIME_MODE_WORDS: Record<TimeMode, string> = { standard: 'standard', extended: 'extended (twice as long)', off: 'off' };

/** One change of time limits, in words: "At reply 2: from standard to extended (twice as long)". */
export function timeModeChangeWords(change: Pick<DebriefTimeModeChange, 'atReply' | 'from' | 'to'>): string {
  const when = change.atReply === null ? 'After the last reply' : `At reply ${change.atReply}`;
  return `${when}: from ${TIME_MODE_WORDS[change.from]} to ${TIME_MODE_WORDS[change.to]}`;
}
