import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy';
import { GOOD_PASSWORD } from '../test-support/people';

describe('passwordProblem', () => {
  const person = { email: 'jordan.lee@example.test', name: 'Jordan Lee' };

  it('accepts a long, unpredictable password with no composition rules', () => {
    expect(passwordProblem(GOOD_PASSWORD, person)).toBeNull();
    expect(passwordProblem('harbour lantern evening', person)).toBeNull();
    expect(passwordProblem('blue-river-otter-42', person)).toBeNull();
  });

  it('refuses what would be guessed quickly by a full estimate: repeats, keyboard runs, the site’s own words, the demo password', () => {
    for (const weak of [
      ' '.repeat(12),
      'aaaaaaaaaaaa',
      'aaaaaaaaaaaaaaaaaaaaab',
      'qwertyuiopas',
      'frontline-demo',
      'Frontline2026!',
      'Password1234',
      '123456789012',
      'abcdefghijkl',
    ]) {
      expect(passwordProblem(weak, person), JSON.stringify(weak)).toMatch(/^This password would be guessed too quickly\./);
    }
    expect(passwordProblem('aaaaaaaaaaaa', person)).toContain('Repeated characters');
  });

  it('refuses one under 12 characters or over 256, saying how long it is', () => {
    expect(passwordProblem('short pass', person)).toBe('Use at least 12 characters; this password has 10.');
    expect(passwordProblem('x'.repeat(257), person)).toBe('Use at most 256 characters; this password has 257.');
    // Characters, not bytes or UTF-16 units.
    expect(passwordProblem('🔑'.repeat(11), person)).toMatch(/this password has 11/);
  });

  it('refuses a common password from the maintained lists, whatever its case', () => {
    for (const common of ['qwerty123456', 'QWERTY123456', '1q2w3e4r5t6y', 'leavemealone']) {
      expect(passwordProblem(common, person), common).toMatch(/^This password would be guessed too quickly\./);
    }
  });

  it("refuses one containing the person's email name or equal to their name", () => {
    expect(passwordProblem('my Jordan.Lee password', person)).toMatch(/contains your email address/);
    expect(passwordProblem('Jordan Lee Jordan', person)).toBeNull();
    // The name's parts count as known to an attacker.
    expect(passwordProblem('jordan123456', person)).toMatch(/guessed too quickly/);
    expect(passwordProblem('jordanleejordanlee', { ...person, name: 'Jordan Lee Jordan Lee' })).toMatch(/is your name/);
  });
});
