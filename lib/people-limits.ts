/** The limits of a person's account fields: the request schemas hold them and the forms show them. */

/** The longest name, once trimmed. */
export const NAME_MAX = 200;
/** The longest team name, once trimmed (a person's team, and a team a module is assigned to). */
export const TEAM_MAX = 100;
/** The longest email address. */
export const EMAIL_MAX = 320;
/** The longest search for people by name or email (`GET /api/admin/users?q=`). */
export const PEOPLE_SEARCH_MAX = 200;
