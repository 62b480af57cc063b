import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWordVectors, type WordVectors } from '@/machines/own-words';

/** Where the committed word-vector table is: read at run time from the project, not bundled. */
const WORD_VECTORS_FILE = path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'machines', 'own-words', 'word-vectors.bin');

/** The word-vector table, read once per process (about 2 MB). */
export function wordVectors(): WordVectors {
  const cache = globalThis as { __frontlineWordVectors?: WordVectors };
  cache.__frontlineWordVectors ??= decodeWordVectors(new Uint8Array(readFileSync(WORD_VECTORS_FILE)));
  return cache.__frontlineWordVectors;
}
