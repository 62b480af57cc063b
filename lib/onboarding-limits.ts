/** The limits of modules and assignments: the request schemas and services hold them and the forms show them. */

/** The longest module title, once trimmed. */
export const MODULE_TITLE_MAX = 200;
/** The longest module description, once trimmed. */
export const MODULE_DESCRIPTION_MAX = 5_000;
/** The most steps a module has. */
export const MODULE_SCENARIOS_MAX = 50;
/** The longest default due period of a module, in days. */
export const DUE_DAYS_MAX = 365;
