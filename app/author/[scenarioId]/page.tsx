import type { Metadata } from 'next';
import { ScenarioEditor } from '@/components/author/editor/ScenarioEditor';
import { orNotFound, requireRole, ROLES_THAT } from '@/server/auth/access';
import { readDraft, takenScenarioIds } from '@/server/studio/authoring';
import { database } from '@/server/db';

type Params = { params: Promise<{ scenarioId: string }> };
type SearchParams = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Edit ${(await params).scenarioId}` };
}

/** `?step=<name>` opens at that step; `&usage=shown` opens how trainees played it (links from the trainer's home). */
export default async function ScenarioEditorPage({ params, searchParams }: Params & SearchParams) {
  const { scenarioId } = await params;
  const query = await searchParams;
  const actor = await requireRole(`/author/${scenarioId}`, ROLES_THAT.author);
  const { db } = await database();
  const draft = await orNotFound(readDraft(db, actor, scenarioId));
  const step = typeof query.step === 'string' ? query.step : null;
  return (
    <ScenarioEditor
      // A new draft (another scenario, or the same one after a navigation) starts a fresh editor.
      key={`${draft.scenarioId}:${draft.revision}:${step ?? ''}`}
      takenIds={draft.readOnly ? await takenScenarioIds(db, actor) : []}
      initialStep={step}
      showUsage={query.usage === 'shown'}
      draft={{
        scenarioId: draft.scenarioId,
        origin: draft.origin,
        archived: draft.archived,
        readOnly: draft.readOnly,
        source: draft.source,
        revision: draft.revision,
        updatedAt: draft.updatedAt.toISOString(),
        updatedBy: draft.updatedBy,
        versions: draft.versions.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })),
      }}
    />
  );
}
