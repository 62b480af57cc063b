import { describe, expect, it } from 'vitest';
import { wordVectors } from '@/server/training/own-words';
import { QUALITY_TARGETS, readLabelledSet, REPLY_KINDS, scoreLabelledSet } from './own-words-set';

describe('the own-words matcher on the labelled set', () => {
  const set = readLabelledSet();

  it('is a set worth measuring: at least 150 replies over at least two scenarios, every kind', () => {
    expect(set.length).toBeGreaterThanOrEqual(150);
    expect(new Set(set.map((r) => r.scenario)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(set.map((r) => r.kind))).toEqual(new Set(REPLY_KINDS));
  });

  it('meets the quality targets (speed and memory are in the benchmark)', () => {
    const score = scoreLabelledSet(set, wordVectors());
    const mistakes = score.mistakes.map(({ reply, result }) => `${reply.scenario}/${reply.state}: "${reply.text}" → ${result.match} (labelled ${reply.expect})`);
    expect(score.acceptedRight, mistakes.join('\n')).toBeGreaterThanOrEqual(QUALITY_TARGETS.acceptedRight);
    expect(score.onTopicAccepted).toBeGreaterThanOrEqual(QUALITY_TARGETS.onTopicAccepted);
    expect(score.rightFirst).toBeGreaterThanOrEqual(QUALITY_TARGETS.rightFirst);
    expect(score.offTopicAccepted).toBeLessThanOrEqual(QUALITY_TARGETS.offTopicAccepted);
  });
});
