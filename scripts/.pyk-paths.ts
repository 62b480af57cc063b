import { readFileSync } from 'node:fs';
import { checkScenario, compileScenario, criticalErrors, hasPassed, PRINCIPLE_IDS, scoreAttempt } from '@/machines';
import { allPaths } from '@/machines/test-fixtures/all-paths';
const file = 'scenarios/promise-you-cannot-keep.json';
const r = checkScenario(readFileSync(file, 'utf8'), { file, principles: PRINCIPLE_IDS });
const sc = compileScenario(r.document!);
const paths = allPaths(sc);
const rows = paths.map((p) => { const s = scoreAttempt(p.decisions).overallPercent; const c = criticalErrors(p.decisions); return { s, c, o: p.outcome, end: (p as any).ending, ev: p.events.join(','), pass: hasPassed(s, 70, p.outcome, c) }; });
const mode = process.argv[2] ?? 'summary';
console.log('paths', rows.length, 'passing', rows.filter((x) => x.pass).length);
for (const x of rows.sort((a, b) => b.s - a.s)) {
  if (mode === 'all' || (mode === 'success' && x.o === 'success') || (mode === 'pass' && x.pass)) console.log(x.s.toFixed(1), x.o, x.c ? 'CRIT' : '', x.pass ? 'PASS' : '', x.ev);
}
