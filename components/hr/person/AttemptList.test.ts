import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PersonReport, ReportAttempt } from '@/server/reporting/person-report';
import { AttemptList } from './AttemptList';

const USER = '00000000-0000-4000-8000-000000000001';
const attempt = (overrides: Partial<ReportAttempt>): ReportAttempt => ({
  attemptId: '00000000-0000-4000-8000-0000000000a1',
  scenarioId: 'call',
  title: 'The late parcel',
  version: 1,
  pool: null,
  status: 'completed',
  startedAt: new Date('2026-11-02T09:00:00Z'),
  completedAt: new Date('2026-11-02T09:05:00Z'),
  outcome: 'success',
  passed: true,
  overallPercent: 100,
  timeLimits: null,
  choicesMade: 3,
  criticalErrors: 0,
  criticalReplies: [],
  failedByCriticalError: false,
  passedFasterThanReading: false,
  pace: null,
  debrief: null,
  ...overrides,
});
const list = (items: ReportAttempt[], extra: Partial<PersonReport['attempts']> = {}): PersonReport['attempts'] => ({
  items,
  page: 1,
  pageCount: 1,
  pageSize: 20,
  total: items.length,
  show: 'all',
  all: items.length,
  failedByCriticalError: items.filter((a) => a.failedByCriticalError).length,
  passedFasterThanReading: items.filter((a) => a.passedFasterThanReading).length,
  ...extra,
});
/** The page's text as a reader meets it: tags gone, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ')
    .trim();
const render = (attempts: PersonReport['attempts']) => renderToStaticMarkup(createElement(AttemptList, { attempts, userId: USER }));

describe('the person page’s list of attempts', () => {
  it('says an attempt was failed by a critical error, which reply and why', () => {
    const html = render(
      list([attempt({ passed: false, criticalErrors: 1, failedByCriticalError: true, criticalReplies: [{ reply: 2, seq: 1, reason: 'Promised a date nobody had checked' }] })]),
    );
    const text = textOf(html);
    expect(text).toContain('Not passed Failed by one critical error');
    expect(text).toContain('One critical error A critical error fails the attempt whatever the score. Reply 2: Promised a date nobody had checked');
    // Never by colour alone: the icon is decoration beside the words.
    expect(html).toMatch(/<svg aria-hidden="true"/);
  });

  it('gives a timed attempt’s limits and each change of them, and nothing about limits for an untimed one', () => {
    const changedAt = new Date('2026-11-02T09:01:00Z');
    const timed = attempt({
      status: 'in-progress',
      completedAt: null,
      outcome: null,
      passed: null,
      timeLimits: {
        startedWith: 'standard',
        endedWith: 'off',
        changes: [
          { atReply: 1, from: 'standard', to: 'extended', changedAt },
          { atReply: 3, from: 'extended', to: 'off', changedAt },
        ],
      },
    });
    const text = textOf(render(list([timed])));
    expect(text).toContain('Time limits: started standard, now off (no time limits); changed 2 times:');
    expect(text).toContain('At reply 1: from standard to extended (twice as long)');
    expect(text).toContain('At reply 3: from extended (twice as long) to off (no time limits)');
    expect(textOf(render(list([attempt({ timeLimits: { startedWith: 'extended', endedWith: 'extended', changes: [] } })])))).toContain(
      'Time limits: extended (twice as long), not changed.',
    );
    expect(textOf(render(list([attempt({})])))).not.toContain('Time limits');
  });

  it('offers all attempts or those failed by a critical error as links, marking the one shown', () => {
    const html = render(
      list([attempt({ passed: false, criticalErrors: 1, failedByCriticalError: true })], { show: 'failed-by-critical-error', all: 7, total: 1, failedByCriticalError: 1 }),
    );
    const links = [...html.matchAll(/<a [^>]*href="\/hr\/people\/[^"]*#attempts"[^>]*>/g)].map((m) => m[0]);
    expect(links).toHaveLength(3);
    expect(links[0]).toContain(`href="/hr/people/${USER}#attempts"`);
    expect(links[0]).not.toContain('aria-current');
    expect(links[1]).toContain(`href="/hr/people/${USER}?criticalFailure=yes#attempts"`);
    expect(links[1]).toContain('aria-current="page"');
    expect(textOf(html)).toContain('All attempts (7)');
    expect(textOf(html)).toContain('One attempt failed by a critical error.');
    expect(html).toContain('aria-label="Attempts failed by a critical error, newest first"');
  });

  it('keeps the filter on the links to other pages, and says so when nothing matches', () => {
    const many = Array.from({ length: 20 }, (_, i) => attempt({ attemptId: `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`, failedByCriticalError: true }));
    const html = render(list(many, { show: 'failed-by-critical-error', total: 45, pageCount: 3, page: 2, all: 60, failedByCriticalError: 45 }));
    expect(html).toContain(`href="/hr/people/${USER}?criticalFailure=yes#attempts"`);
    expect(html).toContain(`href="/hr/people/${USER}?criticalFailure=yes&amp;page=3#attempts"`);
    const none = textOf(render(list([], { show: 'failed-by-critical-error', all: 4, failedByCriticalError: 0 })));
    expect(none).toContain('None of this person’s attempts failed by a critical error.');
    expect(none).toContain('Failed by a critical error (0)');
    expect(textOf(render(list([])))).toContain('This person has not started a scenario yet.');
  });

  it('flags a pass faster than its text could be read, with both times, and lists those passes on their own', () => {
    const fast = attempt({ passedFasterThanReading: true, pace: { readingMs: 95_000, answeringMs: 12_000 } });
    const text = textOf(render(list([fast], { show: 'passed-faster-than-reading', all: 5, total: 1 })));
    expect(text).toContain('Passed ✓ Passed faster than it could be read');
    expect(text).toContain('Answered in 12 s; what it showed takes about 1 min 35 s to read at a brisk pace. Passed in under half that time');
    expect(text).toContain('One attempt passed faster than the text could be read.');
    expect(text).toContain('Passed faster than it could be read (1)');
    const normal = textOf(render(list([attempt({ pace: { readingMs: 95_000, answeringMs: 120_000 } })])));
    expect(normal).toContain('Answered in 2 min; what it showed takes about 1 min 35 s to read at a brisk pace.');
    expect(normal).not.toContain('Passed in under half');
    expect(normal).not.toContain('Passed ✓ Passed faster');
    expect(normal).toContain('Passed faster than it could be read (0)');
    const instant = textOf(render(list([attempt({ passedFasterThanReading: true, pace: { readingMs: 191_000, answeringMs: 300 } })])));
    expect(instant).toContain('Answered in under 1 s; what it showed takes about 3 min 11 s to read');
    const none = textOf(render(list([], { show: 'passed-faster-than-reading', all: 4 })));
    expect(none).toContain('None of this person’s passes went faster than their text could be read.');
  });
});
