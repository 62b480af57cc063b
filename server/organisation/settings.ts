import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { organisationSettings } from '../db/schema';
import { recordAudit } from '../people/audit';
import { settings } from '../platform/settings';
import { checkLogo, type LogoType } from './logo';
import type { OrganisationDetails } from './schemas';

/**
 * The organisation as certificates (and emails) present it (decision 041): a name set by an admin
 * over FRONTLINE_ORGANISATION_NAME, an optional logo and a signatory. One row; absent until first saved.
 */

export interface OrganisationLogo {
  bytes: Buffer;
  type: LogoType;
  width: number;
  height: number;
}

export interface OrganisationProfile {
  /** The name in use: the admin's, or the environment's. */
  name: string;
  /** The admin's name, or null when the environment's is used. */
  nameSet: string | null;
  /** FRONTLINE_ORGANISATION_NAME (or its default). */
  defaultName: string;
  signatory: { name: string; title: string | null } | null;
  logo: OrganisationLogo | null;
  updatedAt: Date | null;
}

/** Who changes the settings, and from where, for the audit log. */
export interface SettingsActor {
  id: string;
  address: string | null;
}

const ROW_ID = 1;

export async function organisationProfile(db: Database): Promise<OrganisationProfile> {
  const [row] = await db.select().from(organisationSettings).where(eq(organisationSettings.id, ROW_ID));
  const defaultName = settings().organisationName;
  const logo = row?.logo && row.logoType && row.logoWidth && row.logoHeight ? { bytes: row.logo, type: row.logoType, width: row.logoWidth, height: row.logoHeight } : null;
  return {
    name: row?.name ?? defaultName,
    nameSet: row?.name ?? null,
    defaultName,
    // A title alone signs nothing: the signatory is shown only with a name.
    signatory: row?.signatoryName ? { name: row.signatoryName, title: row.signatoryTitle ?? null } : null,
    logo,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** The organisation's name as certificates and emails give it. */
export async function organisationName(db: Database): Promise<string> {
  return (await organisationProfile(db)).name;
}

const orNull = (value: string) => (value === '' ? null : value);

/** Saves the name and signatory; the audit entry records each field that changed, from and to. */
export async function saveOrganisationDetails(db: Database, actor: SettingsActor, details: OrganisationDetails, now = new Date()): Promise<OrganisationProfile> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(organisationSettings).where(eq(organisationSettings.id, ROW_ID)).for('update');
    const next = { name: orNull(details.name), signatoryName: orNull(details.signatoryName), signatoryTitle: orNull(details.signatoryTitle) };
    const changes = Object.fromEntries(
      (Object.keys(next) as (keyof typeof next)[]).flatMap((key) => ((before?.[key] ?? null) === next[key] ? [] : [[key, { from: before?.[key] ?? null, to: next[key] }]])),
    );
    if (Object.keys(changes).length === 0) return;
    await tx
      .insert(organisationSettings)
      .values({ id: ROW_ID, ...next, updatedAt: now })
      .onConflictDoUpdate({ target: organisationSettings.id, set: { ...next, updatedAt: now } });
    await recordAudit(tx, { action: 'organisation-changed', actorId: actor.id, subject: 'details', details: changes, address: actor.address });
  });
  return organisationProfile(db);
}

/** Replaces the logo with an uploaded file, once it is checked; a bad file is a 400 and changes nothing. */
export async function saveLogo(db: Database, actor: SettingsActor, bytes: Buffer, now = new Date()): Promise<OrganisationProfile> {
  const logo = await checkLogo(bytes);
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ logoType: organisationSettings.logoType }).from(organisationSettings).where(eq(organisationSettings.id, ROW_ID)).for('update');
    const values = { logo: logo.bytes, logoType: logo.type, logoWidth: logo.width, logoHeight: logo.height, updatedAt: now };
    await tx
      .insert(organisationSettings)
      .values({ id: ROW_ID, ...values })
      .onConflictDoUpdate({ target: organisationSettings.id, set: values });
    await recordAudit(tx, {
      action: 'organisation-changed',
      actorId: actor.id,
      subject: 'logo',
      details: { logo: before?.logoType ? 'replaced' : 'added', type: logo.type, width: logo.width, height: logo.height, bytes: logo.bytes.length },
      address: actor.address,
    });
  });
  return organisationProfile(db);
}

/** Takes the logo off certificates; without one there is nothing to do and nothing is recorded. */
export async function removeLogo(db: Database, actor: SettingsActor, now = new Date()): Promise<OrganisationProfile> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ logoType: organisationSettings.logoType }).from(organisationSettings).where(eq(organisationSettings.id, ROW_ID)).for('update');
    if (!before?.logoType) return;
    await tx.update(organisationSettings).set({ logo: null, logoType: null, logoWidth: null, logoHeight: null, updatedAt: now }).where(eq(organisationSettings.id, ROW_ID));
    await recordAudit(tx, { action: 'organisation-changed', actorId: actor.id, subject: 'logo', details: { logo: 'removed' }, address: actor.address });
  });
  return organisationProfile(db);
}
