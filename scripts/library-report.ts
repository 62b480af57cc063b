/**
 * How guessable each scenario is, for authors rewriting or adding to the library:
 *   npx tsx scripts/library-report.ts [scenarios/x.json ...]
 * Prints, per scenario, whether always-longest and always-warmest pass, the pass rate of 400
 * random plays, how often the best reply is the longest, how many decisions give partial credit,
 * the fewest decisions to pass, and its critical errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { asList, checkScenario, compileScenario, criticalErrors, hasPassed, isDecision, PRINCIPLE_IDS, scoreAttempt, TIMEOUT_EVENT } from '@/machines';
import { allPaths } from '@/machines/test-fixtures/all-paths';
import { alwaysLongest, alwaysWarmest, atRandom, playByGuessing } from '@/machines/test-fixtures/guessing';
import { SeededRandom } from '@/lib/seeded-random';

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync('scenarios')
      .filter((f) => f.endsWith('.json') && f !== 'principles.json')
      .map((f) => `scenarios/${f}`);

for (const file of files) {
  const result = checkScenario(readFileSync(file, 'utf8'), { file, principles: PRINCIPLE_IDS });
  if (!result.valid) {
    console.log(`${file}: invalid (${result.errors.length} errors)`);
    continue;
  }
  const doc = result.document!;
  const scenario = compileScenario(doc);
  const random = new SeededRandom(20261206);
  const randomPasses = Array.from({ length: 400 }, () => playByGuessing(scenario, atRandom(random)).passed).filter(Boolean).length;
  let decisions = 0;
  let longestBest = 0;
  let partial = 0;
  for (const state of Object.values(doc.states)) {
    if (!isDecision(state)) continue;
    const replies = Object.entries(state.on)
      .filter(([e]) => e !== TIMEOUT_EVENT)
      .map(([, v]) => {
        const first = asList(v)[0]!;
        const total = (first.actions ?? []).reduce((s, a) => (a.type === 'score' ? s + Object.values(a.params).reduce((x, y) => x + y, 0) : s), 0);
        return { length: (first.meta as { choice: string }).choice.length, total };
      });
    if (replies.length < 2) continue;
    decisions++;
    const top = Math.max(...replies.map((r) => r.total));
    if (replies.reduce((a, b) => (b.length > a.length ? b : a)).total === top) longestBest++;
    if (replies.some((r) => r.total > 0 && r.total < top)) partial++;
  }
  const passing = allPaths(scenario).filter((p) => hasPassed(scoreAttempt(p.decisions).overallPercent, doc.meta.passPercent, p.outcome, criticalErrors(p.decisions)));
  console.log(
    `${doc.id}: longest ${playByGuessing(scenario, alwaysLongest).passed ? 'PASSES' : 'fails'}, warmest ${playByGuessing(scenario, alwaysWarmest).passed ? 'PASSES' : 'fails'}, ` +
      `random ${randomPasses}/400 pass, best-is-longest ${longestBest}/${decisions} (≤ ${Math.floor(decisions / 3)}), partial credit ${partial}/${decisions} (≥ ${Math.ceil(decisions / 2)}), ` +
      `fewest decisions to pass ${passing.length ? Math.min(...passing.map((p) => p.decisions.length)) : '—'}, critical errors ${result.stats!.criticalErrors}, ` +
      `warnings ${result.warnings.length}, best ${result.stats!.bestPercent.toFixed(1)}%`,
  );
}
