/** The studio's length limits: the request schemas hold them and the forms show them. */

/** The longest title of a new scenario or a copy. */
export const SCENARIO_TITLE_MAX = 120;
/** The longest change note of a published version. */
export const CHANGE_NOTE_MAX = 500;
