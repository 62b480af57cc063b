import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEnglish from '@zxcvbn-ts/language-en';
import { DEMO_PASSWORD } from '../demo/accounts';

/** What makes a password good enough to set. */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Fewer guesses than this (zxcvbn's estimate) and a password falls to an offline attack on a stolen hash in hours. */
export const PASSWORD_MIN_GUESSES = 1e8;
/** Words an attacker who knows this site tries first. */
const SITE_WORDS = ['frontline', DEMO_PASSWORD, 'frontline demo', 'customer service', 'training'];

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: loading the dictionaries takes a moment that only setting a password should pay. */
function guessingEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEnglish.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEnglish.translations,
  });
  return estimator;
}

/**
 * Why a password is refused, or null when it is fine: long enough, not absurdly long, and hard to
 * guess by zxcvbn's full estimate (dictionaries of common passwords, words and names, keyboard
 * patterns, repeats, sequences, dates, and leetspeak), with the person's own name and email and
 * this site's words counted as known to the attacker. No composition rules: length and
 * unpredictability matter, mandatory symbols do not.
 */
export function passwordProblem(password: string, person: { email: string; name: string }): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters; this password has ${length}.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters; this password has ${length}.`;
  const lower = password.toLowerCase();
  const localPart = person.email.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 3 && lower.includes(localPart)) return 'The password contains your email address, which others can guess. Choose another.';
  const squash = (text: string) => text.toLowerCase().replace(/\s+/g, '');
  if (squash(password) === squash(person.name)) return 'The password is your name, which others can guess. Choose another.';
  const known = [
    ...SITE_WORDS,
    localPart,
    ...person.name
      .toLowerCase()
      .split(/\s+/)
      .filter((part) => part.length >= 3),
  ];
  const estimate = guessingEstimator().check(password, known);
  if (estimate.guesses < PASSWORD_MIN_GUESSES) {
    const why = estimate.feedback.warning ? ` ${estimate.feedback.warning}` : '';
    return `This password would be guessed too quickly.${why} Try three or four unrelated words, or add some to it.`;
  }
  return null;
}
