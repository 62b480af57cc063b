/** A UUID in its written form (any version, either case). An id that is not one names no record. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string could be a record's id: checked before a query, so a malformed one is "not found". */
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
