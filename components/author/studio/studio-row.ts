import type { AsJson } from '@/lib/as-json';
import type { StudioEntry } from '@/server/studio/authoring';
import type { StepUsage } from '@/server/onboarding/retired-steps';

/** One scenario of the studio's list as the browser receives it, with its published versions. */
export interface StudioRow extends AsJson<StudioEntry> {
  /** Published versions, newest first, each downloadable as a file. */
  versions: { version: number; publishedAt: string }[];
  /** The modules and people archiving it would reach; null when no module uses it (or it is archived). */
  inUse: StepUsage | null;
}

/** Where a scenario stands, in words: the badge's colour only repeats them. */
export function publishingStatus(row: Pick<StudioRow, 'publishedVersion' | 'unpublishedChanges'>): string {
  if (row.publishedVersion === null) return 'Draft — never published';
  return row.unpublishedChanges ? `Published v${row.publishedVersion}, with unpublished changes` : `Published v${row.publishedVersion}`;
}

export const ORIGIN_LABELS: Record<StudioRow['origin'], string> = { builtin: 'Built-in, from git', authored: 'Authored here' };

export const versionFileHref = (scenarioId: string, version: number) => `/api/author/scenarios/${encodeURIComponent(scenarioId)}/versions/${version}/file`;
