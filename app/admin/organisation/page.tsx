import type { Metadata } from 'next';
import { LogoForm } from '@/components/organisation/LogoForm';
import { OrganisationDetailsForm } from '@/components/organisation/OrganisationDetailsForm';
import { PanelSection } from '@/components/ui/PanelSection';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { organisationProfile } from '@/server/organisation/settings';

export const metadata: Metadata = { title: 'Organisation' };

/** The organisation as certificates present it: its name, logo and signatory (admins). */
export default async function OrganisationPage() {
  await requireRole('/admin/organisation', ROLES_THAT.administer);
  const { db } = await database();
  const profile = await organisationProfile(db);
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-bold tracking-tight">Organisation</h1>
      <p className="mt-2 text-slate-700">
        How certificates of completion present your organisation. Changes apply to certificates downloaded from now on, including those of modules completed before; each change is
        in the audit log.
      </p>
      <PanelSection id="details-heading" title="Name and signatory">
        <OrganisationDetailsForm
          defaultName={profile.defaultName}
          initial={{ name: profile.nameSet ?? '', signatoryName: profile.signatory?.name ?? '', signatoryTitle: profile.signatory?.title ?? '' }}
        />
      </PanelSection>
      <PanelSection id="logo-heading" title="Logo">
        <LogoForm
          current={profile.logo ? { type: profile.logo.type, width: profile.logo.width, height: profile.logo.height, version: profile.updatedAt?.toISOString() ?? '' } : null}
        />
      </PanelSection>
    </div>
  );
}
