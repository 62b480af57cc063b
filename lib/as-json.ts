/**
 * A server record as the browser receives it, through JSON or from a server component: each date
 * becomes its ISO text, in nested objects and lists too. One rule, so a page's props follow the
 * service's type instead of copying it.
 */
export type AsJson<T> = T extends Date ? string : T extends readonly (infer Item)[] ? AsJson<Item>[] : T extends object ? { [Key in keyof T]: AsJson<T[Key]> } : T;
