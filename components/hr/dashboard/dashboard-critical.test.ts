import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_TABLE_QUERY, NO_FILTERS, readDashboardQuery, type AssignmentRow } from '@/server/reporting/dashboard';
import { AssignmentsTable } from './AssignmentsTable';

// The form applies filters as they change through the App Router; rendered here on its own, outside one.
vi.mock('next/navigation', () => ({
  useRouter: () => ({ replace: () => {}, push: () => {}, refresh: () => {} }),
  usePathname: () => '/hr',
  useSearchParams: () => new URLSearchParams(),
}));
import { DashboardFilterForm } from './DashboardFilterForm';

const row = (overrides: Partial<AssignmentRow>): AssignmentRow => ({
  assignmentId: '00000000-0000-4000-8000-000000000001',
  userId: '00000000-0000-4000-8000-000000000002',
  name: 'Ava',
  email: 'ava@example.test',
  team: 'Sales',
  startDate: null,
  moduleId: '00000000-0000-4000-8000-000000000003',
  moduleTitle: 'Sales calls',
  moduleVersion: 1,
  assignedAt: new Date('2026-11-02T14:00:00Z'),
  dueDate: '2026-11-30',
  status: 'in-progress',
  passedCount: 0,
  scenarioTotal: 2,
  attemptCount: 3,
  criticalFailures: 2,
  fastPasses: 0,
  scorePercent: null,
  startedAt: null,
  completedAt: null,
  ...overrides,
});

describe('the dashboard’s critical-error filter and column', () => {
  it('is a checkbox in the GET form whose value the query reader takes', () => {
    const html = renderToStaticMarkup(createElement(DashboardFilterForm, { filters: { ...NO_FILTERS, failedByCriticalError: true }, teams: [], modules: [] }));
    const box = html.match(/<input[^>]*id="filter-critical"[^>]*>/)![0];
    expect(box).toContain('type="checkbox"');
    expect(box).toContain('name="criticalFailure"');
    expect(box).toContain('value="yes"');
    expect(box).toContain('checked=""');
    expect(html).toMatch(/<label for="filter-critical"[^>]*>Failed by a critical error<\/label>/);
    // What the form submits when ticked is what the dashboard reads as the filter.
    expect(readDashboardQuery(new URLSearchParams('criticalFailure=yes')).filters.failedByCriticalError).toBe(true);
    const unticked = renderToStaticMarkup(createElement(DashboardFilterForm, { filters: NO_FILTERS, teams: [], modules: [] }));
    expect(unticked.match(/<input[^>]*id="filter-critical"[^>]*>/)![0]).not.toContain('checked');
  });

  it('counts each row’s attempts failed by a critical error, in words as well as with an icon', () => {
    const page = {
      rows: [row({}), row({ assignmentId: '00000000-0000-4000-8000-000000000009', name: 'Ben', criticalFailures: 0 })],
      total: 2,
      page: 1,
      pageSize: 50,
      pageCount: 1,
    };
    const html = renderToStaticMarkup(createElement(AssignmentsTable, { page, filters: NO_FILTERS, table: DEFAULT_TABLE_QUERY, timeZone: 'UTC' }));
    expect(html).toMatch(/<th scope="col"[^>]*>Failed by a critical error<\/th>/);
    const [, , ava, ben] = html.split('<tr');
    const text = (fragment: string) => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text(ava!)).toContain('2 attempts failed by a critical error');
    expect(ava).toContain('aria-hidden="true"');
    expect(text(ben!)).toMatch(/ 3 0 /);
  });
});
