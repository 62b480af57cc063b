import type { Metadata } from 'next';
import Link from 'next/link';
import { ImportScenarioForm } from '@/components/author/studio/ImportScenarioForm';
import { NewScenarioForm } from '@/components/author/studio/NewScenarioForm';
import { PoolFiguresTable } from '@/components/author/studio/PoolFiguresTable';
import { StudioTable } from '@/components/author/studio/StudioTable';
import type { StudioRow } from '@/components/author/studio/studio-row';
import { PanelDisclosure } from '@/components/ui/PanelDisclosure';
import { buttonStyles } from '@/components/ui/styles';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { publishedVersions, studioList } from '@/server/studio/authoring';
import { archiveUsage } from '@/server/studio/archiving';
import { database } from '@/server/db';
import { poolFigures } from '@/server/training/pools';

export const metadata: Metadata = { title: 'Studio' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function StudioPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireRole('/author', ROLES_THAT.author);
  const showArchived = (await searchParams).archived === 'shown';
  const { db } = await database();
  const [entries, pools] = await Promise.all([studioList(db, actor), poolFigures(db, actor)]);
  const listed = entries.filter((entry) => showArchived || !entry.archived);
  const archivedCount = entries.filter((entry) => entry.archived).length;

  const usage = await archiveUsage(
    db,
    actor,
    listed.filter((entry) => !entry.archived).map((entry) => entry.scenarioId),
  );

  const rows: StudioRow[] = await Promise.all(
    listed.map(async (entry) => ({
      ...entry,
      inUse: usage.get(entry.scenarioId) ?? null,
      lastEditAt: entry.lastEditAt.toISOString(),
      versions:
        entry.publishedVersion === null ? [] : (await publishedVersions(db, entry.scenarioId)).map((v) => ({ version: v.version, publishedAt: v.publishedAt.toISOString() })),
    })),
  );

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Studio</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        Write scenarios and publish them to trainees. Built-in scenarios come from files in git and are read-only here: duplicate one to change it. Exported versions are files in
        the same format, ready to go into git.
      </p>

      <div className="mt-6 grid gap-4">
        <PanelDisclosure title="New scenario">
          <NewScenarioForm takenIds={entries.map((entry) => entry.scenarioId)} />
        </PanelDisclosure>
        <PanelDisclosure title="Import a scenario file">
          <ImportScenarioForm />
        </PanelDisclosure>
      </div>

      <section aria-labelledby="studio-list-heading" className="mt-8">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="studio-list-heading" className="text-lg font-semibold">
            Scenarios
          </h2>
          {showArchived ? (
            <Link href="/author" className={buttonStyles.quiet}>
              Hide archived scenarios
            </Link>
          ) : archivedCount > 0 ? (
            <Link href="/author?archived=shown" className={buttonStyles.quiet}>
              Show archived scenarios ({archivedCount})
            </Link>
          ) : null}
        </div>
        <p className="mt-1 text-sm text-slate-700">
          {rows.length === 0
            ? 'There are no scenarios yet.'
            : `${rows.length} ${rows.length === 1 ? 'scenario' : 'scenarios'}, the most recently edited first${
                showArchived ? ', archived ones last' : archivedCount > 0 ? `; ${archivedCount} archived not shown` : ''
              }.`}
        </p>
        {rows.length > 0 && <StudioTable rows={rows} takenIds={entries.map((entry) => entry.scenarioId)} />}
      </section>

      <PoolFiguresTable pools={pools} />
    </>
  );
}
