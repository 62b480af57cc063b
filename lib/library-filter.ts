import { CHANNELS, DIFFICULTIES, type Channel, type Difficulty } from '@/machines/format';

/**
 * The scenario library's filter: by channel, level and topic, and by words in the title or the
 * summary. Read from the page's query string, so a filtered list can be bookmarked and shared.
 */

export interface LibraryFilter {
  channel: Channel | null;
  level: Difficulty | null;
  topic: string | null;
  /** Words that must all appear in the title or the summary, in any case and order. */
  words: string[];
}

export interface Filterable {
  meta: { title: string; summary: string; channel: Channel; difficulty: Difficulty; tags?: string[] };
}

type Query = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';

/** Folds case and accents, so "cafe" finds "Café". */
const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

export const QUERY_MAX = 200;

/** The filter a query string asks for, and what in it was not understood (ignored, and said so). */
export function readLibraryFilter(query: Query): { filter: LibraryFilter; ignored: string[] } {
  const ignored: string[] = [];
  const channel = first(query.channel);
  const level = first(query.level);
  const topic = first(query.topic);
  const q = first(query.q).slice(0, QUERY_MAX);
  const knownChannel = (CHANNELS as readonly string[]).includes(channel);
  const knownLevel = (DIFFICULTIES as readonly string[]).includes(level);
  if (channel && !knownChannel) ignored.push(`channel "${channel}"`);
  if (level && !knownLevel) ignored.push(`level "${level}"`);
  return {
    filter: {
      channel: knownChannel ? (channel as Channel) : null,
      level: knownLevel ? (level as Difficulty) : null,
      topic: topic || null,
      words: fold(q).split(/\s+/).filter(Boolean),
    },
    ignored,
  };
}

export function matchesLibraryFilter(entry: Filterable, filter: LibraryFilter): boolean {
  const { meta } = entry;
  if (filter.channel && meta.channel !== filter.channel) return false;
  if (filter.level && meta.difficulty !== filter.level) return false;
  if (filter.topic && !(meta.tags ?? []).includes(filter.topic)) return false;
  const text = fold(`${meta.title} ${meta.summary}`);
  return filter.words.every((word) => text.includes(word));
}

export const isFiltered = (filter: LibraryFilter) => Boolean(filter.channel || filter.level || filter.topic || filter.words.length);

/** Every topic in use, for the filter's list. */
export const topicsOf = (entries: readonly Filterable[]) => [...new Set(entries.flatMap((e) => e.meta.tags ?? []))].sort((a, b) => a.localeCompare(b));

/** A tag as people read it: "identity-check" → "identity check". */
export const topicLabel = (tag: string) => tag.replace(/-/g, ' ');
