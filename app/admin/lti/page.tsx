import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { AddPlatformForm } from '@/components/lti/AddPlatformForm';
import { RemovePlatformButton } from '@/components/lti/RemovePlatformButton';
import { panel } from '@/components/ui/styles';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { listPlatforms, toolUrls } from '@/server/lti/platforms';
import { publicOrigin } from '@/server/platform/site-origin';

export const metadata: Metadata = { title: 'LMS connections' };

export default async function LmsConnectionsPage() {
  await requireRole('/admin/lti', ROLES_THAT.administer);
  const { db } = await database();
  const platforms = await listPlatforms(db);
  const incoming = await headers();
  const urls = toolUrls(publicOrigin({ headers: incoming, url: `http://${incoming.get('host') ?? 'localhost'}/` }));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">LMS connections</h1>
        <p className="mt-2 max-w-3xl text-slate-700">
          A learning platform (Moodle, Canvas or any LMS that speaks LTI 1.3) registered here can open Frontline from a course: people are signed in by the LMS, and the score of
          each scenario they finish goes to its gradebook. docs/lms.md says step by step what to paste where.
        </p>
      </div>

      <section aria-labelledby="tool-heading" className={`${panel} p-5`}>
        <h2 id="tool-heading" className="text-lg font-semibold">
          Frontline’s details, for the LMS
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Add Frontline to the LMS as an external tool (LTI 1.3) with these addresses, then register the LMS below with what it gives you.
        </p>
        <dl className="mt-3 grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-800">Tool URL / target link URI</dt>
          <dd>
            <code className="break-all">{urls.launchUrl}</code>
          </dd>
          <dt className="font-medium text-slate-800">Initiate login URL</dt>
          <dd>
            <code className="break-all">{urls.loginUrl}</code>
          </dd>
          <dt className="font-medium text-slate-800">Redirection URI</dt>
          <dd>
            <code className="break-all">{urls.launchUrl}</code>
          </dd>
          <dt className="font-medium text-slate-800">Public keyset (JWKS) URL</dt>
          <dd>
            <code className="break-all">{urls.jwksUrl}</code>
          </dd>
          <dt className="font-medium text-slate-800">Deep linking (content selection) URL</dt>
          <dd>
            <code className="break-all">{urls.deepLinkingUrl}</code>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="platforms-heading" className="space-y-3">
        <h2 id="platforms-heading" className="text-lg font-semibold">
          Registered platforms
        </h2>
        {platforms.length === 0 ? (
          <p className="text-slate-700">No LMS is registered yet.</p>
        ) : (
          <ul className="space-y-3">
            {platforms.map((platform) => (
              <li key={platform.id} className={`${panel} flex flex-wrap items-start justify-between gap-4 p-4`}>
                <div className="min-w-0">
                  <h3 className="font-semibold">{platform.name}</h3>
                  <dl className="mt-1 grid gap-x-3 text-sm text-slate-700 sm:grid-cols-[max-content_1fr]">
                    <dt>Issuer</dt>
                    <dd className="break-all">{platform.issuer}</dd>
                    <dt>Client ID</dt>
                    <dd className="break-all">{platform.clientId}</dd>
                    <dt>Deployments</dt>
                    <dd className="break-all">{platform.deploymentIds.join(', ')}</dd>
                    <dt>Instructors</dt>
                    <dd>{platform.instructorsAsTrainers ? 'become trainers' : 'are trainees like everyone else'}</dd>
                  </dl>
                </div>
                <RemovePlatformButton platformId={platform.id} name={platform.name} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="add-heading" className={`${panel} p-5`}>
        <h2 id="add-heading" className="mb-4 text-lg font-semibold">
          Add an LMS
        </h2>
        <AddPlatformForm />
      </section>
    </div>
  );
}
