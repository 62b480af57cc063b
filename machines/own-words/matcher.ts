import type { WordVectors } from './word-vectors';
import { SMALL_TALK } from './small-talk';
import { featureStems, readWords, STOP_WORDS, type ReadWord } from './words';

/**
 * Own-words replies (decision 033): a trainee's typed reply mapped to the authored reply it means,
 * or to none, with a confidence. Offline and deterministic: the authored reply's words, its intent
 * and its examples are compared with the typed words twice, by the words themselves (weighted by
 * how rare they are among the scenario's replies) and by their meaning (word vectors), with
 * negated words kept apart from the same words said plainly.
 */

/** One authored reply as the matcher knows it. */
export interface ReplyToMatch {
  event: string;
  /** The words on the reply's button. */
  text: string;
  intent?: string | undefined;
  examples?: readonly string[] | undefined;
}

export interface MatchCandidate {
  event: string;
  /** How close the typed reply is to this one, 0..1. */
  score: number;
}

export interface MatchResult {
  /** The reply understood, or null when none is close enough or two are too close to tell apart. */
  match: string | null;
  confidence: number;
  /** Every reply, closest first. */
  candidates: MatchCandidate[];
}

/** The words of every reply of a scenario: how rare each stem is, and the words to correct typos to. */
export interface MatchingCorpus {
  /** Inverse document frequency of each feature stem over the scenario's reply texts. */
  idf: ReadonlyMap<string, number>;
  /** The idf of a stem the scenario never uses. */
  unseenIdf: number;
  /** The plain words the scenario's replies use, by length, for typo correction. */
  vocabulary: ReadonlySet<string>;
  vectors: WordVectors | null;
}

export interface MatcherTuning {
  /** Weights of the two comparisons: word by word with the closest text, and all the reply's texts' words together. */
  weights: readonly [number, number];
  /** Weight of the evidence: how much more like each typed word this reply is than the decision's replies on average. */
  evidence: number;
  /** Word vectors' cosine from which two different words count as alike, and the most they count. */
  nearFrom: number;
  maxNear: number;
  /** How much a word said the other way round (negated in one text only) counts against. */
  contrary: number;
  /** Below this score nothing is understood. */
  minScore: number;
  /** The best must lead the runner-up by this much to be understood. */
  minLead: number;
  /** How strongly a stem that several of a decision's replies share is discounted (0: not at all). */
  focus: number;
  /** Whether the replies' intents (a trainer's description, not words a trainee says) are compared too. */
  useIntent: boolean;
  /** Whether a reply must be closer to the typed words than small talk (./small-talk.ts) is, to be understood. */
  smallTalk: boolean;
}

export const DEFAULT_TUNING: MatcherTuning = {
  weights: [0.7, 0.3],
  nearFrom: 0.45,
  maxNear: 0.85,
  contrary: 0.5,
  minScore: 0.35,
  minLead: 0.08,
  focus: 1,
  useIntent: true,
  evidence: 0.5,
  smallTalk: true,
};

/** Every text the scenario's replies give, to learn the corpus from. */
export function buildCorpus(texts: readonly string[], vectors: WordVectors | null): MatchingCorpus {
  const documentCount = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const text of texts) {
    const words = readWords(text);
    for (const w of words) if (/^[a-z]+$/.test(w.word) && w.word.length > 2) vocabulary.add(w.word);
    for (const stem of new Set(featureStems(words))) documentCount.set(stem, (documentCount.get(stem) ?? 0) + 1);
  }
  const n = texts.length;
  const idf = new Map<string, number>();
  for (const [stem, count] of documentCount) idf.set(stem, Math.log(1 + n / count));
  return { idf, unseenIdf: Math.log(1 + n), vocabulary, vectors };
}

type Sparse = Map<string, number>;

const norm = (values: Iterable<number>) => Math.sqrt([...values].reduce((sum, v) => sum + v * v, 0));

function sparseCosine(a: Sparse, b: Sparse): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, value] of small) dot += value * (large.get(key) ?? 0);
  const denominator = norm(a.values()) * norm(b.values());
  return denominator === 0 ? 0 : dot / denominator;
}

/** The edit distance between two words, an adjacent swap counting as one edit; Infinity beyond `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return Infinity;
  }
  return rows[a.length]![b.length]!;
}

/** A word nobody spells so: the scenario's word it is a slip for, if exactly one is that close. */
function corrected(word: string, corpus: MatchingCorpus): string {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || corpus.vocabulary.has(word) || corpus.vectors?.rows.has(word)) return word;
  const limit = word.length >= 7 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = Infinity;
  let tied = false;
  for (const known of corpus.vocabulary) {
    const distance = editDistance(word, known, limit);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) tied = true;
  }
  return best !== null && !tied ? best : word;
}

/** A telling word of a text: its stem, whether negated, its row in the word vectors, and its weight. */
interface Term {
  stem: string;
  negated: boolean;
  row: number | undefined;
  weight: number;
}

/** A text as the matcher compares it: its telling words, and the same as weighted stems. */
interface Reading {
  terms: Term[];
  stems: Sparse;
  /** How much of the text the matcher could read at all: words it knows, of all its telling words. */
  known: number;
}

/** How much a feature stem counts in one decision: rare in the scenario, and said by few of the decision's replies. */
type WeightOf = (feature: string) => number;

function read(text: string, corpus: MatchingCorpus, correct: boolean, weightOf: WeightOf): Reading {
  const words: ReadWord[] = readWords(text).map((w) => {
    if (!correct) return w;
    const word = corrected(w.word, corpus);
    return word === w.word ? w : { ...readWords(word)[0]!, negated: w.negated };
  });
  const telling = words.filter((w) => !STOP_WORDS.has(w.word));
  const stems: Sparse = new Map();
  for (const feature of featureStems(words)) stems.set(feature, (stems.get(feature) ?? 0) + 1);
  for (const [feature, count] of stems) stems.set(feature, count * weightOf(feature));
  const terms = telling.map((w) => ({ stem: w.stem, negated: w.negated, row: corpus.vectors?.rows.get(w.word), weight: weightOf(w.stem) }));
  const known = telling.filter((w) => corpus.vocabulary.has(w.word) || corpus.vectors?.rows.has(w.word)).length;
  return { terms, stems, known: telling.length === 0 ? 0 : known / telling.length };
}

function sumSparse(readings: readonly Reading[]): Sparse {
  const sum: Sparse = new Map();
  for (const r of readings) for (const [key, value] of r.stems) sum.set(key, (sum.get(key) ?? 0) + value / (norm(r.stems.values()) || 1));
  return sum;
}

/** How alike two words are in meaning, from the word vectors: 0 (unrelated) to 1 (the same word). */
type WordLikeness = (a: Term, b: Term) => number;

function wordLikeness(vectors: WordVectors | null, tuning: MatcherTuning): WordLikeness {
  const cache = new Map<number, number>();
  return (a, b) => {
    if (a.stem === b.stem) return 1;
    if (!vectors || a.row === undefined || b.row === undefined) return 0;
    const key = a.row < b.row ? a.row * 65_536 + b.row : b.row * 65_536 + a.row;
    let likeness = cache.get(key);
    if (likeness === undefined) {
      const d = vectors.dimensions;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += vectors.values[a.row * d + i]! * vectors.values[b.row * d + i]!;
      const cosine = dot / (127 * 127);
      likeness = Math.max(0, Math.min(tuning.maxNear, (cosine - tuning.nearFrom) / (1 - tuning.nearFrom)));
      cache.set(key, likeness);
    }
    return likeness;
  };
}

/**
 * How much of `from` the words of `to` say, weighted: each word of `from` counts as much as its
 * closest word in `to` is like it, and against it when the closest says it the other way round
 * (negated in one and not in the other).
 */
function coverage(from: readonly Term[], to: readonly Term[], likeness: WordLikeness, tuning: MatcherTuning): number {
  let said = 0;
  let total = 0;
  for (const a of from) {
    total += a.weight;
    said += a.weight * termLikeness(a, to, likeness, tuning);
  }
  return total === 0 ? 0 : said / total;
}

/** How far `to` says one word: its closest word's likeness, negative when that is said the other way round. */
function termLikeness(a: Term, to: readonly Term[], likeness: WordLikeness, tuning: MatcherTuning): number {
  let best = 0;
  let contrary = 0;
  for (const b of to) {
    const like = likeness(a, b);
    if (like === 0) continue;
    if (a.negated === b.negated) best = Math.max(best, like);
    else contrary = Math.max(contrary, like);
  }
  return best > 0 ? best : -tuning.contrary * contrary;
}

/** Both ways: what the typed reply says that the text says, and what the text says that the typed reply does. */
function alignment(typed: readonly Term[], text: readonly Term[], likeness: WordLikeness, tuning: MatcherTuning): number {
  const forward = coverage(typed, text, likeness, tuning);
  const backward = coverage(text, typed, likeness, tuning);
  if (forward <= 0 || backward <= 0) return Math.min(forward, backward, 0);
  return (2 * forward * backward) / (forward + backward);
}

interface IndexedReply {
  event: string;
  texts: Reading[];
  allStems: Sparse;
  /** Every telling word of all its texts. */
  allTerms: Term[];
}

/** The replies of one decision, read once, ready to match typed replies against. */
export interface StateMatcher {
  match(text: string): MatchResult;
}

export function createStateMatcher(replies: readonly ReplyToMatch[], corpus: MatchingCorpus, tuning: MatcherTuning = DEFAULT_TUNING): StateMatcher {
  const textsOf = (reply: ReplyToMatch) => [reply.text, ...(tuning.useIntent && reply.intent ? [reply.intent] : []), ...(reply.examples ?? [])];
  // Which replies of this decision say each stem: a stem all of them say tells none of them apart.
  const saidBy = new Map<string, number>();
  for (const reply of replies) {
    const stems = new Set(textsOf(reply).flatMap((t) => featureStems(readWords(t))));
    for (const stem of stems) saidBy.set(stem, (saidBy.get(stem) ?? 0) + 1);
  }
  const spread = Math.log(1 + replies.length);
  const weightOf: WeightOf = (feature) => {
    const idf = corpus.idf.get(feature) ?? corpus.idf.get(feature.replace(/^not_/, '')) ?? corpus.unseenIdf;
    const count = saidBy.get(feature);
    return idf * (count === undefined ? 1 : (Math.log(1 + replies.length / count) / spread) ** tuning.focus);
  };
  const indexReply = (reply: ReplyToMatch): IndexedReply => {
    const texts = textsOf(reply).map((t) => read(t, corpus, false, weightOf));
    return { event: reply.event, texts, allStems: sumSparse(texts), allTerms: texts.flatMap((t) => t.terms) };
  };
  const indexed: IndexedReply[] = replies.map(indexReply);
  const background: IndexedReply | null = tuning.smallTalk ? indexReply({ event: '', text: SMALL_TALK[0]!, examples: SMALL_TALK.slice(1) }) : null;
  const likeness = wordLikeness(corpus.vectors, tuning);
  const [wNear, wAll] = tuning.weights;
  return {
    match(text) {
      const typed = read(text, corpus, true, weightOf);
      // Evidence: each typed word counts for the replies it is more like than the decision's replies on average.
      const likeBy = indexed.map((reply) => typed.terms.map((t) => termLikeness(t, reply.allTerms, likeness, tuning)));
      const totalWeight = typed.terms.reduce((sum, t) => sum + t.weight, 0) || 1;
      const averageLike = typed.terms.map((_, i) => likeBy.reduce((m, l) => m + l[i]!, 0) / likeBy.length);
      const evidenceOf = (like: readonly number[]) => typed.terms.reduce((sum, t, i) => sum + t.weight * (like[i]! - averageLike[i]!), 0) / totalWeight;
      const scoreOf = (reply: IndexedReply, like: readonly number[]) => {
        const near = Math.max(...reply.texts.map((t) => alignment(typed.terms, t.terms, likeness, tuning)));
        const all = sparseCosine(typed.stems, reply.allStems);
        return Math.max(0, Math.min(1, (wNear * near + wAll * all + tuning.evidence * evidenceOf(like)) * typed.known));
      };
      const candidates = indexed
        .map((reply, index) => ({ event: reply.event, score: scoreOf(reply, likeBy[index]!) }))
        .sort((a, b) => b.score - a.score || a.event.localeCompare(b.event));
      const smallTalk = background
        ? scoreOf(
            background,
            typed.terms.map((t) => termLikeness(t, background.allTerms, likeness, tuning)),
          )
        : 0;
      const best = candidates[0];
      const lead = best ? best.score - (candidates[1]?.score ?? 0) : 0;
      // Closer to small talk than to any reply: the trainee is chatting, not answering.
      const chatting = best !== undefined && smallTalk >= best.score && best.score > 0;
      const confidence = best ? Math.min(confidenceOf(best.score, lead, tuning), chatting ? round(logistic(12 * (best.score - smallTalk))) : 1) : 0;
      const understood = best !== undefined && best.score >= tuning.minScore && lead >= tuning.minLead && best.score > 0 && !chatting;
      return { match: understood ? best.event : null, confidence, candidates: candidates.map((c) => ({ event: c.event, score: round(c.score) })) };
    },
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * How sure the match is: 0.5 exactly where either threshold is just met, higher as the score and
 * the lead over the runner-up grow, lower as either falls short. A match is given at 0.5 and above.
 */
function confidenceOf(score: number, lead: number, tuning: MatcherTuning): number {
  return round(Math.min(logistic(12 * (score - tuning.minScore)), logistic(40 * (lead - tuning.minLead))));
}
