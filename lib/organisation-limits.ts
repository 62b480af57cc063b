/** Limits of the organisation's settings (decision 041), shared by the admin's form and the server's schemas. */

/** The largest logo accepted, in bytes. */
export const LOGO_MAX_BYTES = 512 * 1024;
/** A logo's largest side in pixels: more adds nothing on a printed page and costs memory to decode. */
export const LOGO_MAX_SIDE = 2000;
/** A logo's smallest side in pixels: anything smaller prints as a smudge. */
export const LOGO_MIN_SIDE = 16;
/** Names and titles on the certificate: one line each. */
export const ORGANISATION_NAME_MAX = 120;
export const SIGNATORY_MAX = 120;
