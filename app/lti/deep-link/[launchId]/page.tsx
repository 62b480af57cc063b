import type { Metadata } from 'next';
import { panel, buttonStyles } from '@/components/ui/styles';
import { orNotFound, requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { deepLinkingRequest, pickableItems } from '@/server/lti/deep-linking';

export const metadata: Metadata = { title: 'Add Frontline activities to your course' };

/** Where a trainer launched from the LMS to add activities picks scenarios and modules. A plain form: it works without script. */
export default async function DeepLinkPage({ params }: { params: Promise<{ launchId: string }> }) {
  const { launchId } = await params;
  const actor = await requireRole(`/lti/deep-link/${launchId}`, ROLES_THAT.author);
  const { db } = await database();
  const request = await orNotFound(deepLinkingRequest(db, launchId, actor));
  const items = await pickableItems(db, actor);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Add Frontline activities to your course</h1>
        <p className="mt-2 max-w-3xl text-slate-700">
          Tick the scenarios and modules to add to {request.launch.contextTitle ? <strong>{request.launch.contextTitle}</strong> : 'the course'} in {request.platform.name}. Each
          scenario comes with a grade column out of 100, filled in when a learner finishes it.
        </p>
      </div>
      <form method="post" action={`/api/lti/deep-link/${request.launch.id}`} className="space-y-6">
        <fieldset className={`${panel} p-5`}>
          <legend className="px-1 text-lg font-semibold">Scenarios</legend>
          <ul className="mt-2 space-y-3">
            {items.scenarios.map((scenario) => (
              <li key={scenario.id}>
                <label className="flex items-start gap-3">
                  <input type="checkbox" name={`scenario:${scenario.id}`} className="mt-1.5" aria-describedby={`summary-${scenario.id}`} />
                  <span>
                    <span className="font-medium">{scenario.title}</span>
                    <span id={`summary-${scenario.id}`} className="block text-sm text-slate-600">
                      {scenario.summary}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset className={`${panel} p-5`}>
          <legend className="px-1 text-lg font-semibold">Modules</legend>
          {items.modules.length === 0 ? (
            <p className="mt-2 text-sm text-slate-700">There are no modules yet.</p>
          ) : (
            <ul className="mt-2 space-y-3">
              {items.modules.map((module) => (
                <li key={module.id}>
                  <label className="flex items-start gap-3">
                    <input type="checkbox" name={`module:${module.id}`} className="mt-1.5" />
                    <span>
                      <span className="font-medium">{module.title}</span>{' '}
                      <span className="text-sm text-slate-600">
                        ({module.scenarioCount} scenario{module.scenarioCount === 1 ? '' : 's'})
                      </span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <button type="submit" className={buttonStyles.primary}>
          Add to the course
        </button>
      </form>
    </div>
  );
}
