import { formatPercent } from '@/components/ui/labels';
import type { DebriefView } from '@/server/training/debrief';

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
