import type { Metadata } from 'next';
import { ScenarioEditor } from '@/components/author/editor/ScenarioEditor';
import { orNotFound, requireRole, ROLES_THAT } from '@/server/auth/access';
import { readDraft } from '@/server/studio/authoring';
import { database } from '@/server/db';

type Params = { params: Promise<{ scenarioId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Edit ${(await params).scenarioId}` };
}

export default async function ScenarioEditorPage({ params }: Params) {
  const { scenarioId } = await params;
  const actor = await requireRole(`/author/${scenarioId}`, ROLES_THAT.author);
  const { db } = await database();
  const draft = await orNotFound(readDraft(db, actor, scenarioId));
  return (
    <ScenarioEditor
      // A new draft (another scenario, or the same one after a navigation) starts a fresh editor.
      key={`${draft.scenarioId}:${draft.revision}`}
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
