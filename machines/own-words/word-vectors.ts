/**
 * A table of English word vectors (decision 033): for each word, the direction of its meaning in
 * 100 dimensions, so that "refund" and "money back" read as near each other. Derived once from the
 * GloVe vectors (public domain) by `scripts/own-words/derive-word-vectors.ts` and committed; read
 * here from its bytes, so the same table serves the server, the CLI and the tests.
 *
 * The file: the line `frontline.word-vectors/1 <count> <dimensions>`, the words one per line, an
 * empty line, then each word's unit vector as signed bytes (value × 127), in the words' order.
 */
export interface WordVectors {
  dimensions: number;
  /** A word's row in `values`. */
  rows: ReadonlyMap<string, number>;
  values: Int8Array;
}

export const WORD_VECTORS_FORMAT = 'frontline.word-vectors/1';

export function encodeWordVectors(words: readonly string[], vectors: readonly (readonly number[])[], dimensions: number): Uint8Array {
  const head = new TextEncoder().encode(`${WORD_VECTORS_FORMAT} ${words.length} ${dimensions}\n${words.join('\n')}\n\n`);
  const bytes = new Uint8Array(head.length + words.length * dimensions);
  bytes.set(head);
  const values = new Int8Array(bytes.buffer, head.length);
  vectors.forEach((vector, row) => {
    const norm = Math.hypot(...vector) || 1;
    for (let d = 0; d < dimensions; d++) values[row * dimensions + d] = Math.round((vector[d]! / norm) * 127);
  });
  return bytes;
}

export function decodeWordVectors(bytes: Uint8Array): WordVectors {
  const end = bytes.indexOf(10);
  const [format, countText, dimensionsText] = new TextDecoder().decode(bytes.subarray(0, end)).split(' ');
  if (format !== WORD_VECTORS_FORMAT) throw new Error(`not a word-vector table (${WORD_VECTORS_FORMAT})`);
  const count = Number(countText);
  const dimensions = Number(dimensionsText);
  let cursor = end + 1;
  const rows = new Map<string, number>();
  const decoder = new TextDecoder();
  for (let row = 0; row < count; row++) {
    const next = bytes.indexOf(10, cursor);
    rows.set(decoder.decode(bytes.subarray(cursor, next)), row);
    cursor = next + 1;
  }
  cursor += 1; // the empty line
  if (bytes.length - cursor !== count * dimensions) throw new Error('the word-vector table is cut short');
  return { dimensions, rows, values: new Int8Array(bytes.buffer, bytes.byteOffset + cursor, count * dimensions) };
}
