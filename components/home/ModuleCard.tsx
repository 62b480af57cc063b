import Link from 'next/link';
import type { MyModule } from '@/server/onboarding/assignments';
import { CheckCircleIcon } from '@/components/debrief/Icons';
import { buttonStyles, panel } from '@/components/ui/styles';
import { dueText, writeDate } from '@/lib/dates';
import { StatusBadge } from './StatusBadge';
import { WarningIcon } from './WarningIcon';

const progressText = (m: MyModule) => `${m.passedCount} of ${m.total} ${m.total === 1 ? 'scenario' : 'scenarios'} passed`;

const stepKind = (s: MyModule['scenarios'][number]) =>
  s.retired
    ? s.passed
      ? 'Retired from the module: your pass still counts'
      : 'Retired from the module: no longer needed to complete it'
    : s.assessment
      ? s.pool
        ? 'Assessment: a different version each attempt'
        : 'Assessment: feedback at the end'
      : 'Practice: feedback as you go';

type Step = MyModule['scenarios'][number];

/** Why a pass from before the module was assigned is not counted (decision 014: the module asks for a pass now). */
const earlierPassText = (s: Step, assignedOn: string) =>
  s.passedBeforeAssignment
    ? `You passed this on ${writeDate(s.passedBeforeAssignment)}, before this module was assigned on ${writeDate(assignedOn)}; pass it again to count it.`
    : null;

/** One assigned module: progress, due date, and the way on to the next scenario. */
export function ModuleCard({ module, today, timeZone }: { module: MyModule; today: string; timeZone: string }) {
  const headingId = `module-${module.assignmentId}`;
  const overdue = module.status === 'overdue';
  const next = module.scenarios.find((s) => s.id === module.nextScenarioId);
  // A completed module can be played again from its first step still open.
  const replay = module.completedAt ? module.scenarios.find((s) => !s.retired) : undefined;
  const percent = module.total ? Math.round((100 * module.passedCount) / module.total) : 0;
  return (
    <article aria-labelledby={headingId} className={`${panel} flex w-full flex-col p-5 ${overdue ? 'border-l-4 border-l-rose-600' : ''}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 id={headingId} className="text-lg font-semibold tracking-tight">
          {module.title}
        </h3>
        <StatusBadge status={module.status} />
      </div>
      <p className={`mt-1 flex items-center gap-1.5 text-sm ${overdue ? 'font-semibold text-rose-800' : 'text-slate-700'}`}>
        {overdue && <WarningIcon className="h-4 w-4" />}
        {dueText(module, today, timeZone)}
      </p>
      {module.description && <p className="mt-3 text-slate-800">{module.description}</p>}

      <div className="mt-4">
        <div
          role="progressbar"
          aria-label={`Progress in ${module.title}`}
          aria-valuemin={0}
          aria-valuemax={module.total}
          aria-valuenow={module.passedCount}
          aria-valuetext={progressText(module)}
          className="h-2.5 overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full rounded-full bg-brand-700" style={{ width: `${percent}%` }} />
        </div>
        <p className="mt-1.5 text-sm font-medium text-slate-800">{progressText(module)}</p>
      </div>

      <ol className="mt-3 space-y-1.5 text-sm" aria-label={`Scenarios in ${module.title}`}>
        {module.scenarios.map((s) => (
          <li key={s.id} className="flex items-start gap-2">
            {s.passed ? (
              <CheckCircleIcon className="mt-0.5 h-4 w-4 shrink-0 text-emerald-700" />
            ) : s.retired ? (
              <span aria-hidden="true" className="mt-0.5 inline-block h-4 w-4 shrink-0 rounded-full border-2 border-dashed border-slate-400" />
            ) : (
              <span aria-hidden="true" className="mt-0.5 inline-block h-4 w-4 shrink-0 rounded-full border-2 border-slate-400" />
            )}
            <span className={s.passed || s.retired ? 'text-slate-700' : 'text-slate-900'}>
              {s.retired && !s.passed ? <s className="decoration-slate-500">{s.title}</s> : s.title}
              <span className="sr-only">{s.passed ? ', passed' : s.retired ? ', retired' : ', not passed yet'}</span>
              <span className="block text-xs text-slate-600">{stepKind(s)}</span>
              {s.passedBeforeAssignment && <span className="mt-0.5 block text-xs text-slate-800">{earlierPassText(s, module.assignedOn)}</span>}
            </span>
          </li>
        ))}
      </ol>

      <div className="mt-4 flex flex-1 items-end">
        {next ? (
          <Link href={next.href} className={buttonStyles.primary}>
            {module.started ? 'Continue' : 'Start'}: {next.title}
          </Link>
        ) : module.completedAt === null ? (
          // Every step left was retired unplayed: nothing to do here until HR changes the module.
          <p className="text-sm font-medium text-slate-800">Nothing left to play: the scenarios still to do were retired. Your HR team can tell you what replaces them.</p>
        ) : (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <p className="inline-flex items-center gap-1.5 text-sm font-semibold text-emerald-800">
              <CheckCircleIcon className="h-4 w-4" /> {module.scenarios.some((s) => s.retired && !s.passed) ? 'Every scenario still required passed' : 'Every scenario passed'}
            </p>
            {replay && (
              <Link href={replay.href} className={buttonStyles.secondary} aria-label={`Practise again: ${replay.title}`}>
                Practise again
              </Link>
            )}
            {module.completedAt && (
              // A file download from a route handler: a plain link, not client-side navigation.
              <a href={`/api/assignments/${module.assignmentId}/certificate`} className={buttonStyles.secondary}>
                Download certificate (PDF)<span className="sr-only"> for {module.title}</span>
              </a>
            )}
          </div>
        )}
      </div>
    </article>
  );
}
