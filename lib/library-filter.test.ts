import { describe, expect, it } from 'vitest';
import { isFiltered, matchesLibraryFilter, readLibraryFilter, topicLabel, topicsOf, type Filterable } from './library-filter';

const entry = (meta: Partial<Filterable['meta']>): Filterable => ({
  meta: { title: 'A title', summary: 'A summary.', channel: 'phone', difficulty: 'core', tags: [], ...meta },
});
const cafe = entry({ title: 'The Café refund', summary: 'A regular wants her money back.', channel: 'chat', difficulty: 'intro', tags: ['refund-exception'] });
const relay = entry({ title: 'Through a relay service', summary: 'A Deaf caller rings through text relay.', tags: ['accessibility'] });
const untagged = entry({ title: 'Untagged', summary: 'No topics.', tags: undefined, difficulty: 'advanced', channel: 'email' });
const all = [cafe, relay, untagged];
const shown = (query: Record<string, string | string[]>) => all.filter((e) => matchesLibraryFilter(e, readLibraryFilter(query).filter));

describe('the library filter', () => {
  it('shows everything without a filter', () => {
    expect(shown({})).toEqual(all);
    expect(isFiltered(readLibraryFilter({}).filter)).toBe(false);
  });

  it('filters by channel, level and topic, together', () => {
    expect(shown({ channel: 'chat' })).toEqual([cafe]);
    expect(shown({ level: 'advanced' })).toEqual([untagged]);
    expect(shown({ topic: 'accessibility' })).toEqual([relay]);
    expect(shown({ channel: 'phone', topic: 'refund-exception' })).toEqual([]);
  });

  it('finds every word in the title or summary, in any case, order or accent', () => {
    expect(shown({ q: 'cafe' })).toEqual([cafe]);
    expect(shown({ q: 'MONEY refund' })).toEqual([cafe]);
    expect(shown({ q: '  deaf   relay ' })).toEqual([relay]);
    expect(shown({ q: 'relay money' })).toEqual([]);
  });

  it('takes the first of repeated parameters, and names what it does not understand instead of guessing', () => {
    expect(shown({ channel: ['chat', 'phone'] })).toEqual([cafe]);
    const { filter, ignored } = readLibraryFilter({ channel: 'fax', level: 'expert', topic: 'nothing-tagged-so' });
    expect(ignored).toEqual(['channel "fax"', 'level "expert"']);
    expect(filter).toMatchObject({ channel: null, level: null, topic: 'nothing-tagged-so' });
  });

  it('lists the topics in use, and reads them as words', () => {
    expect(topicsOf(all)).toEqual(['accessibility', 'refund-exception']);
    expect(topicLabel('refund-exception')).toBe('refund exception');
  });
});
