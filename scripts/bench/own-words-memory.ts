/**
 * Run by the own-words benchmark in a process of its own: the resident memory of a process before
 * and after it loads the matcher (the word vectors, and a matcher for every built-in scenario with
 * every decision's replies read), printed as JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkScenario, PRINCIPLE_IDS } from '@/machines';
import { createScenarioMatcher } from '@/machines/own-words';
import { wordVectors } from '@/server/training/own-words';

const settle = async () => {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const documents = readdirSync('scenarios')
  .filter((file) => file.endsWith('.json') && file !== 'principles.json')
  .map((file) => checkScenario(readFileSync(path.join('scenarios', file), 'utf8'), { file, principles: PRINCIPLE_IDS }).document!);
await settle();
const before = process.memoryUsage().rss;
const vectors = wordVectors();
const matchers = documents.map((doc) => {
  const matcher = createScenarioMatcher(doc, vectors);
  for (const state of Object.keys(doc.states)) matcher.match(state, 'I am sorry, let me check that for you now');
  return matcher;
});
await settle();
const after = process.memoryUsage().rss;
process.stdout.write(`${JSON.stringify({ before, after, scenarios: matchers.length })}\n`);
