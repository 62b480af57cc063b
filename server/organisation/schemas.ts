import { z } from 'zod';
import { LOGO_MAX_BYTES, ORGANISATION_NAME_MAX, SIGNATORY_MAX } from '@/lib/organisation-limits';

/** What crosses into the organisation's settings from the admin's page (decision 041). */

/** One line of text, empty meaning "not set". */
const line = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text (empty to leave it unset)` })
    .trim()
    .max(max, `${what} must be at most ${max} characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), `${what} must be one line, without control characters`);

export const organisationDetailsBody = z.strictObject({
  /** Empty: certificates and emails use FRONTLINE_ORGANISATION_NAME. */
  name: line('the organisation’s name', ORGANISATION_NAME_MAX),
  signatoryName: line('the signatory’s name', SIGNATORY_MAX),
  signatoryTitle: line('the signatory’s title', SIGNATORY_MAX),
});
export type OrganisationDetails = z.output<typeof organisationDetailsBody>;

/** Base64 of at most LOGO_MAX_BYTES bytes: four characters for every three, rounded up. */
const LOGO_BASE64_MAX = Math.ceil(LOGO_MAX_BYTES / 3) * 4;

export const logoBody = z.strictObject({
  image: z
    .string({ error: 'image must be the file’s bytes in base64' })
    .min(1, 'image is empty: choose a PNG or JPEG file')
    .max(LOGO_BASE64_MAX, `image is larger than ${LOGO_MAX_BYTES / 1024} KB`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'image must be the file’s bytes in base64'),
});

/** Removing the logo reads an empty object, so a body that says anything else changes nothing. */
export const removeLogoBody = z.strictObject({});

/** The largest request body the logo route reads: the base64 and a little JSON around it. */
export const LOGO_REQUEST_MAX_BYTES = LOGO_BASE64_MAX + 1024;
