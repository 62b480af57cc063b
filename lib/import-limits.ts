/** How much a new-hires CSV may hold: stated in the import form and enforced by the check. */
export const IMPORT_MAX_BYTES = 1_000_000;
export const IMPORT_MAX_ROWS = 5_000;
/**
 * Lines of any kind, blank ones included, counted before the file is parsed: parsing runs on the
 * server's one thread, and a megabyte of empty lines would hold it for about a second.
 */
export const IMPORT_MAX_LINES = 4 * IMPORT_MAX_ROWS;
