import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: JournalEntry[] };

describe('the committed migrations', () => {
  // Drizzle's migrator applies only migrations whose `when` is later than the last one a database
  // has applied: one dated earlier would be skipped on every database already past it.
  it('are dated in the order they are numbered, so an existing database applies each new one', () => {
    const late = journal.entries.filter((entry, i) => i > 0 && entry.when <= journal.entries[i - 1]!.when).map((entry) => entry.tag);
    expect(late).toEqual([]);
    expect(journal.entries.map((entry) => entry.idx)).toEqual(journal.entries.map((_, i) => i));
  });

  it('are each one SQL file, and every SQL file is in the journal', () => {
    const files = readdirSync('drizzle')
      .filter((name) => name.endsWith('.sql'))
      .sort();
    expect(files).toEqual(journal.entries.map((entry) => `${entry.tag}.sql`));
  });
});
