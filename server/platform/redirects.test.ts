import { describe, expect, it } from 'vitest';
import { backLinkFrom, safeReturnPath } from './redirects';
import { withReturn } from '@/lib/return-to';

describe('the page to return to after sign-in', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnPath('/scenarios?channel=email#top')).toBe('/scenarios?channel=email#top');
    expect(safeReturnPath(['/hr', '/admin'])).toBe('/hr');
  });

  it('never leads to another origin, however the address is disguised', () => {
    for (const from of [
      'https://evil.example/',
      '//evil.example/phish',
      '/\\evil.example/phish',
      '/\t/evil.example/phish',
      '/\n/evil.example/phish',
      '/\r\n/evil.example',
      '\\\\evil.example',
      '/.//evil.example',
      '/%2e//evil.example',
      'javascript:alert(1)',
      ' /scenarios',
    ]) {
      const path = safeReturnPath(from);
      expect(new URL(path, 'http://frontline.test').origin, JSON.stringify(from)).toBe('http://frontline.test');
      expect(path.startsWith('//'), JSON.stringify(from)).toBe(false);
    }
  });

  it('returns encoded characters encoded, so a redirect header never carries a raw line break or a dot lookalike as a host', () => {
    expect(safeReturnPath('/%0a/x')).toBe('/%0a/x');
    expect(safeReturnPath('/%E3%80%82/x')).toBe('/%E3%80%82/x');
    expect(safeReturnPath('/a b/ü')).toBe('/a%20b/%C3%BC');
    expect(safeReturnPath('/x\u0000y')).toMatch(/^\/x/);
    expect(safeReturnPath(undefined)).toBe('/');
    expect(safeReturnPath('')).toBe('/');
  });
});

describe('a back link from a `from` parameter', () => {
  const fallback = { href: '/admin/users', label: 'People' };
  const moduleId = '3f2b8a9e-1c4d-4e5f-8a9b-0c1d2e3f4a5b';

  it('goes back to the list it names, with its filters, sort and page', () => {
    expect(backLinkFrom('/hr?team=Billing&status=overdue&page=2#assignments', fallback)).toEqual({
      href: '/hr?team=Billing&status=overdue&page=2#assignments',
      label: 'Training dashboard',
    });
    expect(backLinkFrom(`/modules/${moduleId}`, fallback)).toEqual({ href: `/modules/${moduleId}`, label: 'Module' });
    expect(backLinkFrom('/admin/audit?action=module-assigned', fallback)).toEqual({ href: '/admin/audit?action=module-assigned', label: 'Audit log' });
  });

  it('falls back for another site, a page that is not a list of people, or nothing', () => {
    for (const from of [
      undefined,
      '',
      'https://evil.example/hr',
      '//evil.example/hr',
      '/\\evil.example/hr',
      '/hr/../admin/mail',
      '/api/admin/audit/export',
      '/modules/new',
      '/set-password/x',
      'hr',
    ])
      expect(backLinkFrom(from, fallback), JSON.stringify(from)).toBe(fallback);
  });

  it('is made by adding `from` to a link, encoded, before any fragment', () => {
    expect(withReturn('/hr/people/x', '/hr?team=A&B#assignments')).toBe('/hr/people/x?from=%2Fhr%3Fteam%3DA%26B%23assignments');
    expect(withReturn('/hr/people/x?page=2#attempts', '/admin/users')).toBe('/hr/people/x?page=2&from=%2Fadmin%2Fusers#attempts');
    expect(withReturn('/hr/people/x', undefined)).toBe('/hr/people/x');
    const url = new URL(withReturn('/hr/people/x', '/hr?team=A&B#assignments'), 'http://frontline.test');
    expect(backLinkFrom(url.searchParams.get('from') ?? undefined, fallback).href).toBe('/hr?team=A&B#assignments');
  });
});
