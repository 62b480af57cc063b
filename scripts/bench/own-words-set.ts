/**
 * The labelled set of typed replies (scripts/bench/own-words/*.jsonl): replies a trainee might type
 * at decisions of three built-in scenarios, each labelled with the authored reply it means or with
 * null (off-topic, nonsense), written by hand without looking at the matcher. Read here and scored
 * against the issue's targets, for the benchmark and for the unit test that holds the quality.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkScenario, PRINCIPLE_IDS } from '@/machines';
import { createScenarioMatcher, type MatchResult, type WordVectors } from '@/machines/own-words';

const SET_DIR = path.join('scripts', 'bench', 'own-words');

export const REPLY_KINDS = ['short', 'long', 'casual', 'misspelt', 'reworded', 'trap', 'off-topic', 'nonsense'] as const;

const labelledLine = z.strictObject({ state: z.string(), text: z.string(), expect: z.string().nullable(), kind: z.enum(REPLY_KINDS) });
export type LabelledReply = z.infer<typeof labelledLine> & { scenario: string };

export function readLabelledSet(): LabelledReply[] {
  return readdirSync(SET_DIR)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => {
      const scenario = file.replace(/\.jsonl$/, '');
      return readFileSync(path.join(SET_DIR, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line, i) => {
          const parsed = labelledLine.safeParse(JSON.parse(line));
          if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
          return { ...parsed.data, scenario };
        });
    });
}

/** The issue's targets: of accepted matches ≥ 95 % right; ≥ 80 % of on-topic replies accepted; right first ≥ 90 %; ≤ 10 % of off-topic or nonsense accepted. */
export const QUALITY_TARGETS = { acceptedRight: 95, onTopicAccepted: 80, rightFirst: 90, offTopicAccepted: 10 } as const;

export interface SetScore {
  onTopic: number;
  offTopic: number;
  /** Percent of accepted matches that were the labelled reply (on-topic and off-topic replies alike). */
  acceptedRight: number;
  onTopicAccepted: number;
  rightFirst: number;
  offTopicAccepted: number;
  /** The milliseconds of each match, sorted. */
  timesMs: number[];
  byKind: Record<string, { replies: number; accepted: number; right: number }>;
  /** Replies matched wrongly, and off-topic replies matched, to read. */
  mistakes: { reply: LabelledReply; result: MatchResult }[];
}

export function scoreLabelledSet(set: readonly LabelledReply[], vectors: WordVectors | null): SetScore {
  const matchers = new Map<string, ReturnType<typeof createScenarioMatcher>>();
  const matcherFor = (id: string) => {
    let matcher = matchers.get(id);
    if (!matcher) {
      const file = `${id}.json`;
      const checked = checkScenario(readFileSync(path.join('scenarios', file), 'utf8'), { file, principles: PRINCIPLE_IDS });
      if (!checked.document) throw new Error(`scenarios/${file} is not valid`);
      matcher = createScenarioMatcher(checked.document, vectors);
      matchers.set(id, matcher);
    }
    return matcher;
  };
  let accepted = 0;
  let acceptedRight = 0;
  let onTopic = 0;
  let onTopicAccepted = 0;
  let rightFirst = 0;
  let offTopic = 0;
  let offTopicAccepted = 0;
  const timesMs: number[] = [];
  const byKind: SetScore['byKind'] = {};
  const mistakes: SetScore['mistakes'] = [];
  for (const reply of set) {
    const matcher = matcherFor(reply.scenario);
    const started = performance.now();
    const result = matcher.match(reply.state, reply.text);
    timesMs.push(performance.now() - started);
    if (!result) throw new Error(`${reply.scenario}: "${reply.state}" is not a decision`);
    const kind = (byKind[reply.kind] ??= { replies: 0, accepted: 0, right: 0 });
    kind.replies++;
    if (result.match !== null) kind.accepted++;
    if (result.match === reply.expect) kind.right++;
    if (result.match !== null) {
      accepted++;
      if (result.match === reply.expect) acceptedRight++;
      else mistakes.push({ reply, result });
    }
    if (reply.expect === null) {
      offTopic++;
      if (result.match !== null) offTopicAccepted++;
    } else {
      onTopic++;
      if (result.match !== null) onTopicAccepted++;
      if (result.candidates[0]?.event === reply.expect) rightFirst++;
    }
  }
  const percent = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);
  return {
    onTopic,
    offTopic,
    acceptedRight: percent(acceptedRight, accepted),
    onTopicAccepted: percent(onTopicAccepted, onTopic),
    rightFirst: percent(rightFirst, onTopic),
    offTopicAccepted: percent(offTopicAccepted, offTopic),
    timesMs: timesMs.sort((a, b) => a - b),
    byKind,
    mistakes,
  };
}
