import type { Metadata } from 'next';
import Link from 'next/link';
import { LocalTime } from '@/components/ui/LocalTime';
import { buttonStyles, panel } from '@/components/ui/styles';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { moduleHoldings } from '@/server/onboarding/module-overview';
import { listModules } from '@/server/onboarding/modules';
import { ColumnHeads } from '@/components/ui/ColumnHeads';

export const metadata: Metadata = { title: 'Modules' };

export default async function ModulesPage() {
  const actor = await requireRole('/modules', ROLES_THAT.manageModules);
  const { db } = await database();
  const [modules, holdings] = await Promise.all([listModules(db, actor), moduleHoldings(db, actor)]);

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Modules</h1>
        <Link href="/modules/new" className={buttonStyles.primary}>
          New module
        </Link>
      </div>
      <p className="mt-2 max-w-3xl text-slate-700">
        Onboarding modules: scenarios to pass in order, by a due date. Open a module to edit it{actor.role === 'trainer' ? '' : ' or assign it to people'}.
      </p>

      {modules.length ? (
        <div className={`${panel} relative mt-6 overflow-x-auto`} role="region" aria-label="Table of modules" tabIndex={0}>
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
              <ColumnHeads labels={['Title', 'Version', 'Scenarios', 'Due period', 'Assigned', 'Completed', 'Last changed']} cellClassName="px-4 py-3" />
            </thead>
            <tbody>
              {modules.map((module) => {
                const held = holdings.get(module.id) ?? { holders: 0, completed: 0 };
                return (
                  <tr key={module.id} className="border-b border-slate-100 last:border-0">
                    <th scope="row" className="px-4 py-3 font-medium">
                      <Link href={`/modules/${module.id}`} className="text-brand-800 underline decoration-slate-400 underline-offset-2 hover:decoration-brand-700">
                        {module.title}
                      </Link>
                      {module.archived && <span className="ml-2 text-xs font-normal text-slate-600">(archived)</span>}
                    </th>
                    <td className="px-4 py-3 text-slate-800">{module.version}</td>
                    <td className="px-4 py-3 text-slate-800">{module.scenarioCount}</td>
                    <td className="px-4 py-3 text-slate-800">
                      {module.defaultDueDays} {module.defaultDueDays === 1 ? 'day' : 'days'}
                    </td>
                    <td className="px-4 py-3 text-slate-800">{held.holders}</td>
                    <td className="px-4 py-3 text-slate-800">{held.completed}</td>
                    <td className="px-4 py-3 text-slate-800">
                      <LocalTime iso={module.updatedAt.toISOString()} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className={`${panel} mt-6 p-5 text-slate-700`}>
          There are no modules yet. <Link href="/modules/new" className="font-medium text-brand-800 underline underline-offset-2">Create the first one</Link>.
        </p>
      )}
    </>
  );
}
