import type { ConfigNode, ConfigurationGraph } from './analysis';
import { asList, isDecision, type ScenarioDocument } from './document';
import { TIMEOUT_EVENT } from './format';
import { formatPath, type PathSegment } from './json-path';
import { visibleChoices, type Option } from './runtime';
import { overallPercent } from './scoring';

/**
 * Design warnings: a file can be valid and still teach badly. Each has a code, a JSON path, and a
 * short reason a trainer can act on (shown by the CLI and beside the place in the studio).
 */
export const WARNING_CODES = [
  'longest-is-best',
  'single-scoring-reply',
  'guessable-by-length',
  'short-to-pass',
  'success-below-pass',
  'many-principles',
  'missing-feedback',
  'guard-never-passes',
  'unscored-principle',
  'cannot-pass',
  'few-examples',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** Why each warning matters, in a sentence or two for the trainer. */
export const WARNING_REASONS: Record<WarningCode, string> = {
  'longest-is-best':
    'Trainees learn to pick the longest reply instead of the right one. Make the wrong replies as long and as warm as the right one, and wrong for a reason the principles give.',
  'single-scoring-reply': 'When every other reply is plainly bad, trainees recognise the answer without knowing why. Give a decent reply that misses one thing some of the points.',
  'guessable-by-length': 'Someone who always picks the longest reply passes this scenario, so passing it certifies nothing.',
  'short-to-pass': 'A pass earned in a handful of replies measures little. A scenario should need at least 5 decisions to pass (4 for an intro).',
  'success-below-pass':
    'The customer ends happy but the trainee does not pass: the ending and the score disagree. Raise the mood needed for this ending, or route low-scoring paths elsewhere.',
  'many-principles': 'A reply that scores many principles at once blurs what it teaches and inflates its weight. Score each behaviour under the one principle it shows.',
  'missing-feedback': 'Without feedback the trainee sees the score but not why. Say why it helps or hurts, naming the principle.',
  'guard-never-passes': 'No mood or flag a trainee can reach opens this state, so nobody will ever see it.',
  'unscored-principle': 'The scenario says it practises this principle, but no reply wins or loses points on it.',
  'cannot-pass': 'No path reaches the pass mark, so nobody can pass.',
  'few-examples':
    'Trainees type their replies here, and a typed reply is understood by comparing it with each reply and its examples. With few examples, replies in other words go unrecognised and trainees are asked to rephrase.',
};

/** How many examples each reply needs when trainees type their replies (meta.ownWords). */
export const MIN_EXAMPLES_FOR_OWN_WORDS = 3;

export interface CodedMessage {
  code: WarningCode;
  path: string;
  message: string;
}

const lengthOf = (option: Option) => option.text?.length ?? 0;
const totalOf = (option: Option) => Object.values(option.points).reduce((a, b) => a + b, 0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The longest reply, the first in file order on a tie. */
export function longestReply(replies: readonly Option[]): Option | undefined {
  let longest: Option | undefined;
  for (const reply of replies) if (!longest || lengthOf(reply) > lengthOf(longest)) longest = reply;
  return longest;
}

/** Ways of choosing a reply without knowing the answer, to check a scenario against. */
export type GuessingStrategy = (replies: readonly Option[]) => Option | undefined;

/** Passed by the rule of the format, from a path's totals. */
const passes = (earned: number, best: number, critical: boolean, node: ConfigNode, passPercent: number) =>
  !critical && node.outcome !== null && node.outcome !== 'failure' && overallPercent(earned, best, earned < 0) >= passPercent;

/**
 * Plays one strategy from the start: at every decision the reply it picks (never letting time run
 * out). Null when the strategy never reaches an ending (it loops), else whether it passed.
 */
export function playStrategy(graph: ConfigurationGraph, passPercent: number, strategy: GuessingStrategy): { passed: boolean; decisions: number } | null {
  let key = graph.initial;
  let earned = 0;
  let best = 0;
  let critical = false;
  const seen = new Set<string>();
  for (;;) {
    const node = graph.nodes.get(key)!;
    if (node.outcome !== null) return { passed: passes(earned, best, critical, node, passPercent), decisions: seen.size };
    if (seen.has(key)) return null;
    seen.add(key);
    const pick = strategy(visibleChoices(node.options));
    const edge = pick && node.edges.find((e) => e.event === pick.event);
    if (!edge) return null;
    earned += edge.earned;
    best += edge.best;
    critical ||= edge.critical;
    key = edge.to;
  }
}

/** A shortest passing path with fewer than `limit` decisions, as its events, or null. */
function passingPathShorterThan(graph: ConfigurationGraph, passPercent: number, limit: number): string[] | null {
  const trail: string[] = [];
  // Iterative deepening, so the path reported is a shortest one; paths this short are few.
  const reaches = (key: string, depth: number, earned: number, best: number, critical: boolean): boolean => {
    const node = graph.nodes.get(key)!;
    if (node.outcome !== null) return trail.length === depth && passes(earned, best, critical, node, passPercent);
    if (trail.length >= depth) return false;
    for (const edge of node.edges) {
      trail.push(edge.event);
      if (reaches(edge.to, depth, earned + edge.earned, best + edge.best, critical || edge.critical)) return true;
      trail.pop();
    }
    return false;
  };
  for (let depth = 1; depth < limit; depth++) if (reaches(graph.initial, depth, 0, 0, false)) return trail;
  return null;
}

export const MIN_DECISIONS_TO_PASS = { intro: 4, other: 5 } as const;

/** The design warnings that need the configurations a trainee can be in. */
export function designWarnings(doc: ScenarioDocument, graph: ConfigurationGraph, successBelowPass: readonly string[]): CodedMessage[] {
  const warnings: CodedMessage[] = [];
  const warn = (code: WarningCode, path: PathSegment[], message: string) => warnings.push({ code, path: formatPath(path), message });
  const passPercent = doc.meta.passPercent;

  // Per decision state, the first configuration that shows each problem.
  const longestIsBest = new Set<string>();
  const singleScoring = new Set<string>();
  for (const node of graph.nodes.values()) {
    if (node.outcome !== null) continue;
    const state = node.position.state;
    const replies = visibleChoices(node.options);
    if (replies.length >= 2 && !longestIsBest.has(state)) {
      const longest = longestReply(replies)!;
      const top = Math.max(...replies.map(totalOf));
      const others = median(replies.filter((r) => r !== longest).map(lengthOf));
      if (totalOf(longest) === top && lengthOf(longest) >= 1.3 * others) {
        longestIsBest.add(state);
        warn(
          'longest-is-best',
          ['states', state, 'on'],
          `the best-scoring reply "${longest.event}" is also the longest (${lengthOf(longest)} characters; the others' median is ${others}): it can be found by its length`,
        );
      }
    }
    if (replies.length >= 3 && !singleScoring.has(state)) {
      const scoring = replies.filter((r) => totalOf(r) > 0);
      if (scoring.length === 1) {
        singleScoring.add(state);
        warn('single-scoring-reply', ['states', state, 'on'], `only "${scoring[0]!.event}" earns any points here; give a decent reply that misses one thing partial credit`);
      }
    }
  }

  const longest = playStrategy(graph, passPercent, longestReply);
  if (longest?.passed) {
    const n = longest.decisions;
    warn('guessable-by-length', ['meta'], `taking the longest reply at every decision passes (in ${n} ${n === 1 ? 'decision' : 'decisions'})`);
  }

  const needed = doc.meta.difficulty === 'intro' ? MIN_DECISIONS_TO_PASS.intro : MIN_DECISIONS_TO_PASS.other;
  const short = passingPathShorterThan(graph, passPercent, needed);
  if (short) {
    warn(
      'short-to-pass',
      ['meta'],
      `a path passes in ${short.length} ${short.length === 1 ? 'decision' : 'decisions'} (${short.join(' → ')}); passing should take at least ${needed} at difficulty "${doc.meta.difficulty}"`,
    );
  }

  for (const ending of successBelowPass) {
    warn('success-below-pass', ['states', ending], `a path reaches this success ending with an overall below the pass mark of ${passPercent}%`);
  }

  for (const [name, state] of Object.entries(doc.states)) {
    if (!isDecision(state)) continue;
    for (const [event, value] of Object.entries(state.on)) {
      const first = asList(value)[0];
      const examples = (first?.meta as { examples?: string[] } | undefined)?.examples?.length ?? 0;
      if (doc.meta.ownWords && event !== TIMEOUT_EVENT && examples < MIN_EXAMPLES_FOR_OWN_WORDS) {
        warn(
          'few-examples',
          ['states', name, 'on', event, ...(Array.isArray(value) ? [0] : []), 'meta'],
          `trainees type their replies in this scenario, and this reply has ${examples} ${examples === 1 ? 'example' : 'examples'}; give at least ${MIN_EXAMPLES_FOR_OWN_WORDS} other ways to say it`,
        );
      }
      asList(value).forEach((alternative, i) => {
        const principles = new Set((alternative.actions ?? []).flatMap((a) => (a.type === 'score' ? Object.keys(a.params) : [])));
        if (principles.size > 2) {
          const at: PathSegment[] = ['states', name, 'on', event, ...(Array.isArray(value) ? [i] : []), 'actions'];
          const what = event === TIMEOUT_EVENT ? 'letting time run out' : 'this reply';
          warn('many-principles', at, `${what} scores ${principles.size} principles (${[...principles].join(', ')}); score it under the one or two it shows`);
        }
      });
    }
  }
  return warnings;
}
