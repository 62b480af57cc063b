import { pointsWord } from '@/components/ui/PointsList';
import type { DebriefPrinciple } from '@/server/training/debrief';

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
