import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario } from './checker';
import { asList, isDecision, type ScenarioDocument } from './document';
import { TIMEOUT_EVENT, type Channel, type Difficulty } from './format';
import { PRINCIPLE_IDS } from './principles';

/**
 * The built-in library as an onboarding curriculum: the situations, channels and levels a
 * contact centre's programme needs, every principle practised often enough, and assessment pools
 * whose versions can stand in for each other.
 */

const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'principles.json');
const documents: ScenarioDocument[] = files.map((file) => {
  const result = checkScenario(readFileSync(`scenarios/${file}`, 'utf8'), { file, principles: PRINCIPLE_IDS });
  if (!result.document) throw new Error(`${file} does not pass the checker`);
  return result.document;
});

/** Each situation an onboarding programme must cover, by the tag that marks it. */
const REQUIRED_TOPICS = [
  'identity-check',
  'privacy',
  'abusive-customer',
  'no-workaround',
  'customer-is-wrong',
  'escalation',
  'vulnerable-customer',
  'accessibility',
  'language-barrier',
  'busy-queue',
  'technical-diagnosis',
  'colleague-promise',
  'upsell',
  'complaint-recovery',
  'refund-exception',
  'bad-news',
];

const CHANNEL_MINIMUM: Record<Channel, number> = { phone: 4, chat: 3, email: 3, 'in-person': 3, social: 1 };
const LEVEL_MINIMUM: Record<Difficulty, number> = { intro: 4, core: 8, advanced: 4 };

/** The principles a document's replies actually score (not only lists). */
function scoredPrinciples(doc: ScenarioDocument): Set<string> {
  const scored = new Set<string>();
  for (const state of Object.values(doc.states)) {
    if (!isDecision(state)) continue;
    for (const value of Object.values(state.on)) {
      for (const t of asList(value)) for (const a of t.actions ?? []) if (a.type === 'score') for (const [id, points] of Object.entries(a.params)) if (points) scored.add(id);
    }
  }
  return scored;
}

describe('the built-in curriculum', () => {
  it('holds at least 22 scenarios', () => {
    expect(documents.length).toBeGreaterThanOrEqual(22);
  });

  it.each(REQUIRED_TOPICS)('covers the topic %s', (topic) => {
    expect(documents.filter((d) => d.meta.tags?.includes(topic)).map((d) => d.id).length).toBeGreaterThanOrEqual(1);
  });

  it('spans the channels and levels of a real programme', () => {
    for (const [channel, minimum] of Object.entries(CHANNEL_MINIMUM)) {
      expect(documents.filter((d) => d.meta.channel === channel).length, channel).toBeGreaterThanOrEqual(minimum);
    }
    for (const [level, minimum] of Object.entries(LEVEL_MINIMUM)) {
      expect(documents.filter((d) => d.meta.difficulty === level).length, level).toBeGreaterThanOrEqual(minimum);
    }
  });

  it('scores every principle in at least five scenarios', () => {
    for (const id of PRINCIPLE_IDS) {
      const using = documents.filter((d) => scoredPrinciples(d).has(id)).map((d) => d.id);
      expect(using.length, `${id}: ${using.join(', ')}`).toBeGreaterThanOrEqual(5);
    }
  });

  it('gives every reply an intent and 3 to 6 other phrasings, for replies in the trainee’s own words', () => {
    const missing: string[] = [];
    for (const doc of documents) {
      for (const [name, state] of Object.entries(doc.states)) {
        if (!isDecision(state)) continue;
        for (const [event, value] of Object.entries(state.on)) {
          if (event === TIMEOUT_EVENT) continue;
          const meta = asList(value)[0]!.meta as { intent?: string; examples?: string[] };
          const examples = meta.examples?.length ?? 0;
          if (!meta.intent || examples < 3 || examples > 6) missing.push(`${doc.id}: states.${name}.on.${event} (${examples} examples${meta.intent ? '' : ', no intent'})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('groups assessment versions into pools whose versions can stand in for each other', () => {
    const pools = new Map<string, ScenarioDocument[]>();
    for (const doc of documents) if (doc.meta.pool) pools.set(doc.meta.pool.id, [...(pools.get(doc.meta.pool.id) ?? []), doc]);
    expect(pools.size).toBeGreaterThanOrEqual(2);
    for (const [id, versions] of pools) {
      expect(versions.length, id).toBeGreaterThanOrEqual(2);
      const same = (pick: (d: ScenarioDocument) => unknown) => new Set(versions.map(pick)).size;
      expect(
        same((d) => d.meta.pool!.title),
        `${id}: one title`,
      ).toBe(1);
      expect(
        same((d) => d.meta.feedback),
        `${id}: all assessments`,
      ).toBe(1);
      expect(versions[0]!.meta.feedback, id).toBe('debrief');
      expect(
        same((d) => d.meta.difficulty),
        `${id}: one level`,
      ).toBe(1);
      expect(
        same((d) => d.meta.passPercent),
        `${id}: one pass mark`,
      ).toBe(1);
    }
  });
});
