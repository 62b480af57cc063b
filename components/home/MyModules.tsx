import Link from 'next/link';
import type { MyModule } from '@/server/onboarding/assignments';
import { panel } from '@/components/ui/styles';
import { ModuleCard } from './ModuleCard';

export function MyModules({ modules, today, timeZone }: { modules: MyModule[]; today: string; timeZone: string }) {
  const overdue = modules.filter((m) => m.status === 'overdue').length;
  return (
    <section aria-labelledby="modules-heading">
      <h2 id="modules-heading" className="text-xl font-semibold tracking-tight">
        My modules
      </h2>
      {modules.length === 0 ? (
        <p className={`${panel} mt-3 p-5 text-slate-700`}>
          You have no modules assigned. You can practise any scenario in the{' '}
          <Link href="/scenarios" className="font-medium text-brand-800 underline underline-offset-2">
            scenario library
          </Link>
          .
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700">
            {modules.length === 1 ? 'One module is' : `${modules.length} modules are`} assigned to you
            {overdue > 0 && <>, {overdue === 1 ? 'one of them overdue' : `${overdue} of them overdue`}</>}. Pass every scenario in a module to complete it.
          </p>
          <ul className="mt-4 grid gap-4 md:grid-cols-2" aria-label="My modules">
            {modules.map((m) => (
              <li key={m.assignmentId} className="flex">
                <ModuleCard module={m} today={today} timeZone={timeZone} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
