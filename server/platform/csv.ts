import 'server-only';
import Papa from 'papaparse';

/**
 * CSV for spreadsheets. Every text cell is quoted, so a spreadsheet that splits lines on another
 * separator (; or a tab) still reads "Bob;=1+1" as one cell and never as a cell starting "=1+1".
 * Cells that a spreadsheet would read as a formula are also written as text (a leading
 * apostrophe): any text whose first visible character is = + - @ (or their full-width forms), or
 * that starts with a tab or a line break. Numbers stay numbers, unquoted.
 */

export const FORMULA_START = /^[\s\u0000-\u001f]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

/** Lines of CSV (CRLF-terminated) for some rows; with the header line first when it is given. */
export function csvLines(header: readonly string[] | null, data: readonly (readonly (string | number)[])[]): string {
  const rows = data.map((row) => [...row]);
  const text = Papa.unparse(header ? { fields: [...header], data: rows } : rows, {
    newline: '\r\n',
    escapeFormulae: FORMULA_START,
    header: header !== null,
    quotes: (value: unknown) => typeof value === 'string',
  });
  // Papaparse ends a header with no data after it with a line break of its own.
  const lines = text.replace(/(\r\n)+$/, '');
  return lines ? `${lines}\r\n` : '';
}

/** A spreadsheet reads a file starting with this byte-order mark as UTF-8, names and all. */
export const CSV_BOM = '\uFEFF';

/** Reads chunks of rows as CSV lines, one chunk at a time, so a large export does not sit in memory. */
export function csvStream<T>(header: readonly string[], chunks: () => AsyncGenerator<T[]>, cells: (row: T) => (string | number)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let rows: AsyncGenerator<T[]> | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${CSV_BOM}${csvLines(header, [])}`));
    },
    async pull(controller) {
      rows ??= chunks();
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(csvLines(null, next.value.map(cells))));
    },
    async cancel() {
      await rows?.return(undefined);
    },
  });
}

/** A file name made of words, safe in a Content-Disposition header and on any file system. */
export function csvFileNameOf(parts: readonly string[]): string {
  return `${parts
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')}.csv`;
}
