/**
 * Own-words matching (decision 033): the matcher run over the labelled set of typed replies
 * (scripts/bench/own-words/), against the issue's targets for what it understands, how fast it
 * answers, and what it costs in memory and on disk.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { wordVectors } from '@/server/training/own-words';
import { figureOf, runCommand, type Benchmark } from './lib';
import { QUALITY_TARGETS, readLabelledSet, scoreLabelledSet } from './own-words-set';

const MATCH_P95_TARGET_MS = 30;
const MEMORY_TARGET_BYTES = 100 * 1024 * 1024;
const INSTALL_TARGET_BYTES = 50 * 1024 * 1024;
const VECTORS_FILE = path.join('machines', 'own-words', 'word-vectors.bin');
/** The packages the matcher added to the install. */
const MATCHER_PACKAGES = ['stemmer'];

function bytesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    return sum + (entry.isDirectory() ? bytesUnder(full) : statSync(full).size);
  }, 0);
}

export const ownWords: Benchmark = {
  name: 'own-words',
  description:
    `typed replies matched to the authored ones over the labelled set: of accepted ≥ ${QUALITY_TARGETS.acceptedRight} % right, ` +
    `on-topic accepted ≥ ${QUALITY_TARGETS.onTopicAccepted} %, right first ≥ ${QUALITY_TARGETS.rightFirst} %, off-topic accepted ≤ ${QUALITY_TARGETS.offTopicAccepted} %; ` +
    `a match p95 ≤ ${MATCH_P95_TARGET_MS} ms; memory ≤ 100 MB; install ≤ 50 MB`,
  async run(context, record) {
    const set = readLabelledSet();
    const vectors = wordVectors();
    const rounds = context.quick ? 2 : 5;
    context.log(`own-words: ${set.length} labelled replies over ${new Set(set.map((r) => r.scenario)).size} scenarios, ${rounds} rounds…`);
    // The first round reads each decision's replies as it meets them; the rounds after it find them read.
    const first = scoreLabelledSet(set, vectors);
    const later = Array.from({ length: rounds - 1 }, () => scoreLabelledSet(set, vectors).timesMs).flat();
    const base = { benchmark: 'own-words', backend: null };
    const setNote = `${first.onTopic} on-topic and ${first.offTopic} off-topic or nonsense replies at ${new Set(set.map((r) => `${r.scenario}/${r.state}`)).size} decisions`;
    const percentFigure = (name: string, value: number, op: '<=' | '>=', target: number, note: string) =>
      record(figureOf({ ...base, name, unit: '%', target: { op, value: target, on: 'value' }, note: `${note}; ${setNote}` }, [value]));
    percentFigure(
      'Accepted matches that are right',
      first.acceptedRight,
      '>=',
      QUALITY_TARGETS.acceptedRight,
      'of the replies the matcher accepted, the share it matched to the labelled reply',
    );
    percentFigure(
      'On-topic replies accepted',
      first.onTopicAccepted,
      '>=',
      QUALITY_TARGETS.onTopicAccepted,
      'of the replies labelled with an authored reply, the share matched to any',
    );
    percentFigure(
      'Right reply ranked first',
      first.rightFirst,
      '>=',
      QUALITY_TARGETS.rightFirst,
      'of the on-topic replies, the share whose labelled reply is the first candidate, accepted or not',
    );
    percentFigure(
      'Off-topic or nonsense replies accepted',
      first.offTopicAccepted,
      '<=',
      QUALITY_TARGETS.offTopicAccepted,
      'of the replies labelled null, the share matched to anything',
    );
    record(
      figureOf(
        {
          ...base,
          name: 'Matching one reply',
          unit: 'ms',
          target: { op: '<=', value: MATCH_P95_TARGET_MS, on: 'p95' },
          note: `${later.length} matches over ${rounds - 1} rounds, each decision's replies already read`,
        },
        [...later].sort((a, b) => a - b),
      ),
    );
    record(
      figureOf(
        { ...base, name: 'Matching one reply, first round', unit: 'ms', target: null, note: 'for information: the first match at each decision also reads its replies' },
        first.timesMs,
      ),
    );
    const memory = JSON.parse(await runCommand(path.join('node_modules', '.bin', 'tsx'), ['--expose-gc', '--conditions=react-server', 'scripts/bench/own-words-memory.ts'])) as {
      before: number;
      after: number;
      scenarios: number;
    };
    record(
      figureOf(
        {
          ...base,
          name: 'Memory the matcher adds to a process',
          unit: 'bytes',
          target: { op: '<=', value: MEMORY_TARGET_BYTES, on: 'value' },
          note: `resident memory of a fresh process after loading the word vectors and a matcher for each of the ${memory.scenarios} built-in scenarios, every decision read, less before`,
        },
        [memory.after - memory.before],
      ),
    );
    const installBytes = statSync(VECTORS_FILE).size + MATCHER_PACKAGES.reduce((sum, name) => sum + bytesUnder(path.join('node_modules', name)), 0);
    record(
      figureOf(
        {
          ...base,
          name: 'What the matcher adds to the install',
          unit: 'bytes',
          target: { op: '<=', value: INSTALL_TARGET_BYTES, on: 'value' },
          note: `the committed word-vector table and the packages it added (${MATCHER_PACKAGES.join(', ')})`,
        },
        [installBytes],
      ),
    );
    for (const [kind, figures] of Object.entries(first.byKind)) context.log(`  ${kind}: ${figures.replies} replies, ${figures.accepted} accepted, ${figures.right} right`);
  },
};
