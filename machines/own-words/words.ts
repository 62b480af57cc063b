import { stemmer } from 'stemmer';

/**
 * How a typed reply is read before it is compared with the authored replies: lower case, the
 * contractions and texting shorthand spelt out, split into words, and each word marked when a
 * negation governs it ("no guarantee it'll be there Saturday" negates "guarantee" and "Saturday",
 * so it does not read as a promise of Saturday).
 */

/** One word as read: the word itself, its stem, and whether a negation governs it. */
export interface ReadWord {
  word: string;
  stem: string;
  negated: boolean;
}

/** Shorthand and contractions without their apostrophe, as people type them. */
const SPELT_OUT: Record<string, string> = {
  cant: 'can not',
  cannot: 'can not',
  wont: 'will not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  werent: 'were not',
  havent: 'have not',
  hasnt: 'has not',
  hadnt: 'had not',
  couldnt: 'could not',
  shouldnt: 'should not',
  wouldnt: 'would not',
  mustnt: 'must not',
  aint: 'is not',
  im: 'i am',
  ive: 'i have',
  youre: 'you are',
  youll: 'you will',
  youve: 'you have',
  theyre: 'they are',
  thats: 'that is',
  whats: 'what is',
  theres: 'there is',
  gonna: 'going to',
  wanna: 'want to',
  gotta: 'got to',
  u: 'you',
  ur: 'your',
  r: 'are',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  ty: 'thank you',
  sry: 'sorry',
  soz: 'sorry',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  asap: 'as soon as possible',
  b4: 'before',
  w: 'with',
  abt: 'about',
  ppl: 'people',
  msg: 'message',
  acct: 'account',
  info: 'information',
  ok: 'okay',
  k: 'okay',
};

/** Contractions with an apostrophe: the ending spelt out. "won't" and "can't" are irregular. */
function spellOutContractions(text: string): string {
  return text
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bshan't\b/g, 'shall not')
    .replace(/n't\b/g, ' not')
    .replace(/'ll\b/g, ' will')
    .replace(/'re\b/g, ' are')
    .replace(/'ve\b/g, ' have')
    .replace(/'m\b/g, ' am')
    .replace(/'d\b/g, ' would')
    .replace(/\b(it|that|there|what|here|who|he|she|where|how)'s\b/g, '$1 is')
    .replace(/\blet's\b/g, 'let us')
    .replace(/'s\b/g, '');
}

/** Words that negate what follows them in their clause. */
const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'nor', 'neither', 'without', 'unable', 'hardly', 'nowhere']);
/** Words that end a negation's reach: what follows stands on its own ("no guarantee …, but I'll check"). */
const SCOPE_ENDS = new Set(['but', 'however', 'although', 'though', 'instead', 'so', 'because', 'while', 'whereas', 'yet', 'except', 'rather']);
/** A negation reaches at most this many words. */
const MAX_SCOPE = 8;
/** Phrases with a negative word that negate nothing. */
const IDIOMS: [RegExp, string][] = [
  [/\bno (problem|problems|worries|worry)\b/g, 'fine'],
  [/\bnot only\b/g, 'also'],
  [/\bno matter\b/g, 'whatever'],
  [/\bno doubt\b/g, 'certainly'],
  [/\bnot at all\b/g, 'fine'],
];

const SUBJECTS = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'it', 'that', 'this', 'there']);

/** The text as the matcher reads it: clause by clause, word by word. */
export function readWords(text: string): ReadWord[] {
  let normal = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"');
  normal = spellOutContractions(normal);
  for (const [idiom, plain] of IDIOMS) normal = normal.replace(idiom, plain);
  // Clauses end at punctuation; the marks become their own tokens.
  const tokens = normal.match(/[a-z0-9]+(?:[.,][0-9]+)?|[.!?;:,()\-–—]/g) ?? [];
  const words: ReadWord[] = [];
  let negating = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!/[a-z0-9]/.test(token)) {
      negating = 0;
      continue;
    }
    for (const word of (SPELT_OUT[token] ?? token).split(' ')) {
      if (NEGATORS.has(word)) {
        negating = MAX_SCOPE;
        continue;
      }
      // A new clause ("…, and I'll check") ends a negation as a conjunction does.
      if (SCOPE_ENDS.has(word) || (word === 'and' && SUBJECTS.has(tokens[i + 1] ?? ''))) {
        negating = 0;
        continue;
      }
      words.push({ word, stem: stemmer(word), negated: negating > 0 });
      if (negating > 0) negating--;
    }
  }
  return words;
}

/** Words too common to tell replies apart: they count for nothing in the comparison. */
export const STOP_WORDS = new Set(
  (
    'a an the and or of to in on at for from by with as is are was were be been being am do does did have has had ' +
    'it its this that these those there here then than so very just really quite also too ' +
    // Who is speaking and about whom stays telling: "we got it wrong" owns what "they got it wrong" blames.
    'he him his she her what which who whom whose ' +
    'will would shall should can could may might must if about into over up down out off again once ' +
    'all any both each few more most other some such own same only well oh hi hello hey dear regards thanks ' +
    'okay yes yeah yep sure right now today let us get got go going'
  ).split(' '),
);

/** The features of a text for the comparison: the stems of its telling words, negated ones marked. */
export function featureStems(words: readonly ReadWord[]): string[] {
  return words.filter((w) => !STOP_WORDS.has(w.word)).map((w) => (w.negated ? `not_${w.stem}` : w.stem));
}
