// Prints one closing line for the whole suite from the reporters' JSON files (written when CI is set).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync('reports/vitest.json')) {
  const unit = JSON.parse(readFileSync('reports/vitest.json', 'utf8'));
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + unit.numTodoTests;
}
if (existsSync('reports/playwright.json')) {
  const e2e = JSON.parse(readFileSync('reports/playwright.json', 'utf8')).stats;
  passed += e2e.expected;
  failed += e2e.unexpected + e2e.flaky;
  skipped += e2e.skipped;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
