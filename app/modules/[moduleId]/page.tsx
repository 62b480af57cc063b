import type { Metadata } from 'next';
import Link from 'next/link';
import { withReturn } from '@/lib/return-to';
import { statusBox } from '@/components/ui/form-styles';
import { formatDay } from '@/components/admin/labels';
import { AssignForm } from '@/components/modules/AssignForm';
import { ModuleForm } from '@/components/modules/ModuleForm';
import { UnassignControl } from '@/components/modules/UnassignControl';
import { LocalTime } from '@/components/ui/LocalTime';
import { panel } from '@/components/ui/styles';
import { teamNames } from '@/server/people/directory';
import { hasRole, orNotFound, requireRole, ROLES_THAT } from '@/server/auth/access';
import { currentUser } from '@/server/auth/session';
import { database } from '@/server/db';
import { peopleNames } from '@/server/onboarding/module-overview';
import { moduleDetail, moduleStepOptions, type ModuleDetail } from '@/server/onboarding/modules';
import { PanelSection } from '@/components/ui/PanelSection';
import { ColumnHeads } from '@/components/ui/ColumnHeads';
import { ModuleFastPasses } from '@/components/hr/ModuleFastPasses';
import { moduleFastPasses } from '@/server/reporting/dashboard';

export async function generateMetadata({ params }: { params: Promise<{ moduleId: string }> }): Promise<Metadata> {
  const actor = await currentUser();
  if (!actor || !hasRole(actor, ROLES_THAT.manageModules)) return { title: 'Module' };
  const { db } = await database();
  const detail = await moduleDetail(db, actor, (await params).moduleId).catch(() => null);
  return { title: detail ? `${detail.title} · Modules` : 'Module' };
}

type Rule = ModuleDetail['rules'][number];

function ruleTarget(rule: Rule, names: Map<string, string>): string {
  if (rule.kind === 'person') return names.get(rule.userId ?? '') ?? 'a person';
  if (rule.kind === 'team') return `team “${rule.team}”`;
  return `trainees who started ${formatDay(rule.cohortFrom!)} to ${formatDay(rule.cohortTo!)}`;
}

export default async function ModulePage({
  params,
  searchParams,
}: {
  params: Promise<{ moduleId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { moduleId } = await params;
  const actor = await requireRole(`/modules/${moduleId}`, ROLES_THAT.manageModules);
  const { db } = await database();
  const detail = await orNotFound(moduleDetail(db, actor, moduleId));
  const created = (await searchParams).created === '1';
  const assigns = hasRole(actor, ROLES_THAT.managePeople);
  const seesResults = hasRole(actor, ROLES_THAT.seeResults);
  const [playable, names, teams, fastPasses] = await Promise.all([
    moduleStepOptions(db, actor),
    peopleNames(db, [...detail.versions.map((v) => v.createdBy), ...detail.rules.map((r) => r.userId)]),
    assigns ? teamNames(db) : [],
    seesResults ? moduleFastPasses(db, detail.id) : null,
  ]);

  return (
    <div className="mx-auto max-w-4xl">
      <Link href="/modules" className="text-sm font-medium text-brand-800 underline underline-offset-2">
        <span aria-hidden="true">← </span>Modules
      </Link>
      <div className="mt-3 flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-bold tracking-tight">{detail.title}</h1>
        <span className="text-sm text-slate-700">Version {detail.version}</span>
      </div>
      {created && (
        <p role="status" className={`${statusBox} mt-4`}>
          The module is created as version 1.{assigns ? ' Assign it below.' : ''}
        </p>
      )}
      {detail.archived && (
        <p className="mt-4 rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-sm text-slate-800">This module is archived: it can no longer be changed or assigned.</p>
      )}

      {detail.retired.length > 0 && (
        <section aria-labelledby="retired-heading" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          <h2 id="retired-heading" className="font-semibold">
            {detail.retired.length === 1 ? 'A scenario of this module was retired' : `${detail.retired.length} scenarios of this module were retired`}
          </h2>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {detail.retired.map((r) => (
              <li key={r.id}>
                “{r.title}” was archived on <LocalTime iso={r.retiredAt.toISOString()} /> (in version{r.versions.length === 1 ? '' : 's'} {r.versions.join(', ')}).
              </li>
            ))}
          </ul>
          <p className="mt-2">
            People who passed it keep the pass; the others complete the module without it. Trainees see it marked as retired.
            {!detail.archived && ' Take it out of the module, or replace it, when you next save a version: a version cannot ask for an archived scenario.'}
          </p>
        </section>
      )}

      {!detail.archived && (
        <div className={`${panel} mt-6 p-5`}>
          <ModuleForm
            moduleId={detail.id}
            version={detail.version}
            initial={{
              title: detail.title,
              description: detail.description,
              defaultDueDays: detail.defaultDueDays,
              ownWords: detail.ownWords,
              scenarios: detail.scenarios.map((s) => playable.find((o) => o.id === s.id) ?? s),
            }}
            playable={playable}
          />
        </div>
      )}

      {assigns && (
        <PanelSection id="assign-heading" title="Assign">
          {!detail.archived && <AssignForm moduleId={detail.id} defaultDueDays={detail.defaultDueDays} teams={teams} />}
          <h3 className="mt-6 text-base font-semibold">Assignments</h3>
          {detail.rules.length ? (
            <ul className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Assignments">
              {detail.rules.map((rule) => {
                const target = ruleTarget(rule, names);
                return (
                  <li key={rule.id} className="grid gap-2 px-4 py-3 sm:grid-cols-[1fr_auto] sm:items-start">
                    <div>
                      <p className="font-medium text-slate-900">
                        {rule.kind === 'person' && rule.userId ? (
                          <Link href={withReturn(`/hr/people/${rule.userId}`, `/modules/${detail.id}`)} className="text-brand-800 underline underline-offset-2">
                            {target}
                          </Link>
                        ) : (
                          target.charAt(0).toUpperCase() + target.slice(1)
                        )}
                        {rule.removedAt && <span className="ml-2 text-sm font-normal text-slate-600">(unassigned)</span>}
                      </p>
                      <p className="text-sm text-slate-700">
                        {rule.assigned} assigned · {rule.completed} completed · due {rule.dueDate ? formatDay(rule.dueDate) : 'after the module’s due period'}
                      </p>
                      <p className="text-xs text-slate-600">
                        Assigned <LocalTime iso={rule.createdAt.toISOString()} />
                        {rule.removedAt && (
                          <>
                            {' '}
                            · unassigned <LocalTime iso={rule.removedAt.toISOString()} />
                          </>
                        )}
                      </p>
                    </div>
                    <UnassignControl ruleId={rule.id} target={target} open={rule.assigned - rule.completed} removed={rule.removedAt !== null} />
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-700">Nobody is assigned this module yet.</p>
          )}
        </PanelSection>
      )}

      {fastPasses && <ModuleFastPasses moduleId={detail.id} {...fastPasses} />}

      <PanelSection id="versions-heading" title="Version history">
        <p className="text-sm text-slate-700">Each save is a new version. People keep the version they were assigned.</p>
        <div className="mt-3 overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-700">
              <ColumnHeads labels={['Version', 'Title', 'Saved', 'By']} cellClassName="py-2 pr-4" />
            </thead>
            <tbody>
              {detail.versions.map((v) => (
                <tr key={v.id} className="border-b border-slate-100 last:border-0">
                  <td className="py-2 pr-4">{v.version}</td>
                  <td className="py-2 pr-4">{v.title}</td>
                  <td className="py-2 pr-4">
                    <LocalTime iso={v.createdAt.toISOString()} />
                  </td>
                  <td className="py-2">{names.get(v.createdBy) ?? 'Unknown'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </PanelSection>
    </div>
  );
}
