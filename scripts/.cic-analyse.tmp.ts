import { readFileSync } from 'node:fs';
import { asList, checkScenario, compileScenario, criticalErrors, hasPassed, isDecision, PRINCIPLE_IDS, scoreAttempt, TIMEOUT_EVENT } from '@/machines';
import { allPaths } from '@/machines/test-fixtures/all-paths';
import { warmth } from '@/machines/test-fixtures/guessing';
const file = 'scenarios/competitor-is-cheaper.json';
const result = checkScenario(readFileSync(file, 'utf8'), { file, principles: PRINCIPLE_IDS });
const doc = result.document!;
for (const [name, state] of Object.entries(doc.states)) {
  if (!isDecision(state)) continue;
  const rows = Object.entries(state.on).filter(([e]) => e !== TIMEOUT_EVENT).map(([e, v]) => {
    const first = asList(v)[0]!;
    const total = (first.actions ?? []).reduce((s, a) => (a.type === 'score' ? s + Object.values(a.params).reduce((x: number, y: number) => x + y, 0) : s), 0);
    const text = (first.meta as { choice: string }).choice;
    return { e, len: text.length, total, warm: warmth(text) };
  });
  const top = Math.max(...rows.map((r) => r.total));
  const longest = rows.reduce((a, b) => (b.len > a.len ? b : a));
  console.log(`${name}${longest.total === top ? '  <-- LONGEST IS BEST' : ''}`);
  for (const r of rows) console.log(`   ${r.e.padEnd(22)} len ${r.len} total ${r.total} warm ${r.warm}`);
}
if (process.argv.includes('--paths')) {
  const paths = allPaths(compileScenario(doc));
  for (const p of paths) {
    const s = scoreAttempt(p.decisions).overallPercent;
    const c = criticalErrors(p.decisions);
    const passed = hasPassed(s, doc.meta.passPercent, p.outcome, c);
    console.log(`${s.toFixed(1).padStart(5)} ${String(p.outcome).padEnd(8)} ${c ? 'CRIT' : '    '} ${passed ? 'PASS' : '    '} ${p.decisions.map((d: any) => d.event).join(' > ')}`);
  }
}
