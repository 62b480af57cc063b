/** The debrief's results in words, the same on every page that shows them and in the tests. */
import { formatPercent, pointsWord } from './labels';
import type { TimeMode } from '@/server/db/schema';
import type { DebriefPrinciple, DebriefTimeModeChange, DebriefView } from '@/server/training/debrief';

/**
 * A principle's figure in words, as the debrief shows it everywhere: the points earned (never
 * below zero) of the most the path could have earned, and, when replies worked against the
 * principle, a separate statement of the points they lost. Never a negative "of N".
 */
export function principleWords(p: Pick<DebriefPrinciple, 'status' | 'won' | 'lost' | 'net' | 'counted' | 'best'>): { figure: string; lossNote: string | null } {
  if (p.status === 'not-tested') return { figure: 'Not tested on the path you took', lossNote: null };
  if (p.status === 'lost-only') {
    return { figure: 'No points to win on the path you took', lossNote: `Lost ${p.lost} ${pointsWord(p.lost)} to replies that worked against it.` };
  }
  const figure = `${p.counted} of ${p.best} ${pointsWord(p.best)}`;
  if (p.lost === 0) return { figure, lossNote: null };
  const floor = p.net < 0 ? ' It counts as 0, never less.' : '';
  if (p.won === 0) return { figure, lossNote: `Lost ${p.lost} ${pointsWord(p.lost)} to replies that worked against it.${floor}` };
  return { figure, lossNote: `Won ${p.won} ${pointsWord(p.won)}; lost ${p.lost} to replies that worked against it.${floor}` };
}

/** The help text beside the principles, kept with the rule it explains. */
export const PRINCIPLE_SCORES_HELP =
  'Each principle shows the points your replies earned on it out of the most the replies on your path could have earned: ' +
  'another path would have offered other replies, and other points. Points lost to replies that worked against a principle ' +
  'are taken off what you earned and stated on their own; a principle never counts below 0. A principle that no reply on ' +
  'your path could win points on is listed as not tested.';

const criticalPhrase = (count: number) => (count === 1 ? 'one of your replies was a critical error' : `${count} of your replies were critical errors`);

/** The result in words: what decided it, a critical error first, since it decides whatever the score. */
export function resultMessage(view: Pick<DebriefView, 'passed' | 'notPassedBecause' | 'overallPercent' | 'passPercent' | 'outcome' | 'costliest' | 'criticalErrors'>): string {
  const score = formatPercent(view.overallPercent);
  const mark = `${view.passPercent}%`;
  if (view.passed) {
    return view.costliest.length === 0
      ? `You passed with every point on offer. The pass mark was ${mark}.`
      : `You passed: ${score} against a pass mark of ${mark}. Below you can see what worked, and where a few more points were waiting.`;
  }
  const below = view.notPassedBecause.includes('below-pass-mark');
  const unresolved = view.notPassedBecause.includes('failure-ending');
  if (view.notPassedBecause.includes('critical-error')) {
    const opening = `Not passed: ${criticalPhrase(Math.max(1, view.criticalErrors.length))}, and a critical error fails the attempt whatever the score.`;
    if (!below && !unresolved) {
      const resolved = view.outcome === 'success' ? ' and the customer’s problem was resolved,' : '';
      return `${opening} Your score of ${score} cleared the pass mark of ${mark}${resolved} but that does not change the result. What went wrong is just below.`;
    }
    const also = [below ? `your score of ${score} was below the pass mark of ${mark}` : null, unresolved ? 'the customer’s problem was not resolved' : null].filter(Boolean);
    return `${opening} Besides that, ${also.join(', and ')}. What went wrong is just below.`;
  }
  if (unresolved && !below) {
    return `Not passed this time. Your score of ${score} cleared the pass mark of ${mark}, but the customer’s problem was not resolved, and a pass needs both.`;
  }
  if (unresolved) {
    return `Not passed this time: you scored ${score} against a pass mark of ${mark}, and the customer’s problem was not resolved. The moments below show where the points went and what to try next time.`;
  }
  return `Not passed this time: you scored ${score}, and the pass mark is ${mark}. The moments below show where the points went and what to try next time.`;
}

/** Time modes in words, saying what each does. */
export const TIME_MODE_WORDS: Record<TimeMode, string> = { standard: 'standard', extended: 'extended (twice as long)', off: 'off' };

/** One change of time limits, in words: "At reply 2: from standard to extended (twice as long)". */
export function timeModeChangeWords(change: Pick<DebriefTimeModeChange, 'atReply' | 'from' | 'to'>): string {
  const when = change.atReply === null ? 'After the last reply' : `At reply ${change.atReply}`;
  return `${when}: from ${TIME_MODE_WORDS[change.from]} to ${TIME_MODE_WORDS[change.to]}`;
}
