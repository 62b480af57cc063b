import { describe, expect, it } from 'vitest';
import { featureStems, readWords } from './words';

const negated = (text: string) =>
  readWords(text)
    .filter((w) => w.negated)
    .map((w) => w.word);

describe('reading a typed reply', () => {
  it('spells out contractions and texting shorthand', () => {
    expect(readWords("I can't, won't, it's, we'll, u r").map((w) => w.word)).toEqual(['i', 'can', 'will', 'it', 'is', 'we', 'will', 'you', 'are']);
    expect(readWords('dont').map((w) => w.word)).toEqual(['do']);
  });

  it('marks the words a negation governs, up to the end of its clause', () => {
    expect(negated("absolutely no guarantee it'll be there Saturday, but I'll check express options")).toEqual(['guarantee', 'it', 'will', 'be', 'there', 'saturday']);
    expect(negated("that's not the warehouse's fault, it's ours")).toEqual(['the', 'warehouse', 'fault']);
  });

  it('ends a negation at a contrast or a new clause, without punctuation too', () => {
    expect(negated("I can't promise saturday but I will check")).toEqual(['promise', 'saturday']);
    expect(negated("we don't know yet and I will ring you")).toEqual(['know']);
  });

  it('reads idioms with a negative word as saying nothing negative', () => {
    expect(negated('no problem at all, I will sort it')).toEqual([]);
    expect(negated('not only a refund but a voucher')).toEqual([]);
  });

  it('keeps typed and curly apostrophes alike', () => {
    expect(readWords('I won’t').map((w) => w.word)).toEqual(readWords("I won't").map((w) => w.word));
  });

  it('compares by stems, negated ones marked, without the words that tell nothing', () => {
    expect(featureStems(readWords('I will not be refunding the charges'))).toEqual(['i', 'not_refund', 'not_charg']);
    expect(featureStems(readWords('We got it wrong'))).toEqual(['we', 'wrong']);
  });
});
