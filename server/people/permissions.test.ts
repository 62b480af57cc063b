import { describe, expect, it } from 'vitest';
import { permissionsOver } from './permissions';

const person = (id: string, role: 'trainee' | 'trainer' | 'hr' | 'admin', anonymisedAt: Date | null = null) => ({ id, role, anonymisedAt });
const none = { edit: false, changeRole: false, changeActive: false, createLink: false };

describe('permissionsOver', () => {
  it('lets an admin do everything to others, but not remove their own access', () => {
    expect(permissionsOver(person('a', 'admin'), person('t', 'trainer'))).toEqual({ edit: true, changeRole: true, changeActive: true, createLink: true });
    expect(permissionsOver(person('a', 'admin'), person('a', 'admin'))).toEqual({ edit: true, changeRole: false, changeActive: false, createLink: true });
  });

  it('lets HR edit trainees and make their links only, and trainers nothing', () => {
    expect(permissionsOver(person('h', 'hr'), person('t', 'trainee'))).toEqual({ edit: true, changeRole: false, changeActive: false, createLink: true });
    expect(permissionsOver(person('h', 'hr'), person('r', 'trainer'))).toEqual(none);
    expect(permissionsOver(person('r', 'trainer'), person('t', 'trainee'))).toEqual(none);
  });

  it('lets nobody change an account whose identity was removed', () => {
    expect(permissionsOver(person('a', 'admin'), person('t', 'trainee', new Date('2026-01-01')))).toEqual(none);
  });
});
