import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema';
import { scenarioSchema } from './schema';
import { fixtureScenario } from './test-fixtures/scenarios';
import { PRINCIPLES, PRINCIPLE_IDS } from './principles';
import { principlesFileSchema } from './principles-schema';

describe('schema', () => {
  it('accepts the fixture', () => {
    expect(scenarioSchema.safeParse(fixtureScenario()).success).toBe(true);
  });

  it('public/scenario.schema.json is what the zod schema generates (run npm run schema:json after a change)', () => {
    const onDisk = JSON.parse(readFileSync('public/scenario.schema.json', 'utf8'));
    expect(onDisk).toEqual(scenarioJsonSchema());
  });

  it('principles.json holds the Seven Standards and the four principles from the other articles', () => {
    expect(PRINCIPLE_IDS).toEqual([
      'responsiveness',
      'convenience',
      'quality',
      'competence',
      'gratification',
      'sincerity',
      'integrity',
      'ownership',
      'feeling-valued',
      'follow-through',
      'lasting-impression',
    ]);
    expect(principlesFileSchema.safeParse(JSON.parse(readFileSync('scenarios/principles.json', 'utf8'))).success).toBe(true);
    expect(PRINCIPLES.filter((p) => p.standard)).toHaveLength(7);
    // The Seven Standards come from one article; each principle says where it comes from, in the project's own words.
    for (const p of PRINCIPLES.filter((p) => p.standard)) expect(p.sources[0]!.title).toBe('The Seven Standards of Service Excellence');
    for (const p of PRINCIPLES) for (const source of p.sources) expect(source.gist.length).toBeGreaterThan(40);
  });
});
