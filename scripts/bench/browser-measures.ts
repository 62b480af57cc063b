/**
 * What the player benchmarks (player-weight.ts, player-response.ts) measure, without a browser:
 * weighing the scripts a page loaded, and choosing the scenario paths to play.
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** One response a page received, as the browser reported it. */
export interface LoadedFile {
  url: string;
  /** Playwright's resource type: 'script', 'document', 'fetch'… */
  resourceType: string;
  contentType: string;
  status: number;
  /** The body as the page got it, after any Content-Encoding was undone. */
  body: Buffer;
}

export interface WeighedScript {
  url: string;
  bytes: number;
  /** The body gzipped here (zlib's default level), the same way for every page measured. */
  gzipBytes: number;
  /** Which of the markers looked for the body contains. */
  markers: string[];
}

export interface PageWeight {
  files: number;
  bytes: number;
  gzipBytes: number;
  /** Gzip bytes of the files that contain at least one marker. */
  markedGzipBytes: number;
  scripts: WeighedScript[];
}

/** A script the page ran: loaded as a script, or served as JavaScript, and answered in full. */
export function isJavaScript(file: Pick<LoadedFile, 'resourceType' | 'contentType' | 'status'>): boolean {
  if (file.status !== 200) return false;
  return file.resourceType === 'script' || /\b(java|ecma)script\b/i.test(file.contentType);
}

export const gzipSize = (body: Buffer | string): number => gzipSync(body).length;

/**
 * The JavaScript among the files, each URL counted once (a script a page asks for twice is
 * downloaded once), largest first.
 */
export function weighScripts(files: readonly LoadedFile[], markers: readonly string[] = []): PageWeight {
  const seen = new Set<string>();
  const scripts: WeighedScript[] = [];
  for (const file of files) {
    if (!isJavaScript(file) || seen.has(file.url)) continue;
    seen.add(file.url);
    const text = file.body.toString('utf8');
    scripts.push({ url: file.url, bytes: file.body.length, gzipBytes: gzipSize(file.body), markers: markers.filter((m) => text.includes(m)) });
  }
  scripts.sort((a, b) => b.gzipBytes - a.gzipBytes || a.url.localeCompare(b.url));
  const sum = (list: WeighedScript[], of: (s: WeighedScript) => number) => list.reduce((total, s) => total + of(s), 0);
  return {
    files: scripts.length,
    bytes: sum(scripts, (s) => s.bytes),
    gzipBytes: sum(scripts, (s) => s.gzipBytes),
    markedGzipBytes: sum(
      scripts.filter((s) => s.markers.length > 0),
      (s) => s.gzipBytes,
    ),
    scripts,
  };
}

/**
 * Paths to play until at least `count` choices are made: the scenarios in turn, each giving its
 * next path (in the order given), so every scenario is played before one is played twice.
 * Paths are given per scenario; the result names the scenario of each.
 */
export function planPaths<P extends { events: readonly string[] }>(scenarios: readonly { id: string; paths: readonly P[] }[], count: number): { id: string; path: P }[] {
  const plan: { id: string; path: P }[] = [];
  let choices = 0;
  for (let round = 0; choices < count; round++) {
    const before = choices;
    for (const scenario of scenarios) {
      const path = scenario.paths[round % Math.max(1, scenario.paths.length)];
      if (!path || path.events.length === 0) continue;
      plan.push({ id: scenario.id, path });
      choices += path.events.length;
      if (choices >= count) break;
    }
    if (choices === before) throw new Error(`no path to play: ${count} choices wanted`);
  }
  return plan;
}

/** The deepest directory holding both absolute paths. */
export function commonAncestor(a: string, b: string): string {
  const left = path.resolve(a).split(path.sep);
  const right = path.resolve(b).split(path.sep);
  let shared = 0;
  while (shared < left.length && shared < right.length && left[shared] === right[shared]) shared++;
  return left.slice(0, shared).join(path.sep) || path.sep;
}
