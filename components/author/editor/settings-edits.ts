/** Edits of the scenario's own settings: its meta, the starting mood and the first state; and the flags it uses. */

import { type DraftDocument, type DraftMeta, eachTransition, edited, isObject } from './draft-document';
import { flagsOf } from './transition-edits';

/* ---------- scenario settings ---------- */

export type MetaTextField = 'title' | 'summary' | 'channel' | 'difficulty' | 'feedback';
export type MetaNumberField = 'minutes' | 'passPercent';

export function setMetaField(doc: DraftDocument, field: MetaTextField | MetaNumberField, value: string | number | undefined): DraftDocument {
  return edited(doc, (d) => {
    const meta = (isObject(d.meta) ? d.meta : {}) as Record<string, unknown>;
    if (value === undefined) delete meta[field];
    else meta[field] = value;
    d.meta = meta as DraftMeta;
  });
}

export function setPersona(doc: DraftDocument, field: 'name' | 'role', value: string): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    d.meta.persona = { ...(isObject(d.meta.persona) ? d.meta.persona : {}), [field]: value };
  });
}

export function setPrinciples(doc: DraftDocument, principles: string[]): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    d.meta.principles = principles;
  });
}

/** Whether trainees type their replies (meta.ownWords); off removes the optional key. */
export function setOwnWords(doc: DraftDocument, on: boolean): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    if (on) d.meta.ownWords = true;
    else delete d.meta.ownWords;
  });
}

/** The assessment pool: both fields empty removes the optional key. */
export function setPool(doc: DraftDocument, field: 'id' | 'title', value: string): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    const pool = { ...(isObject(d.meta.pool) ? d.meta.pool : {}), [field]: value };
    if (!pool.id && !pool.title) delete d.meta.pool;
    else d.meta.pool = pool;
  });
}

/** Tags: none removes the optional key. */
export function setTags(doc: DraftDocument, tags: string[]): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    if (tags.length) d.meta.tags = tags;
    else delete d.meta.tags;
  });
}

export function setStartingMood(doc: DraftDocument, mood: number | undefined): DraftDocument {
  return edited(doc, (d) => {
    if (mood === undefined) delete d.context;
    else d.context = { ...(isObject(d.context) ? d.context : {}), mood };
  });
}

export function setInitial(doc: DraftDocument, name: string): DraftDocument {
  return edited(doc, (d) => {
    d.initial = name;
  });
}

/** The flags that any transition remembers or any guard reads, for the preview's starting point. */
export function flagsUsed(doc: DraftDocument): string[] {
  const flags = new Set<string>();
  eachTransition(doc, (t) => {
    for (const flag of flagsOf(t)) if (flag) flags.add(flag);
    const guardFlag = isObject(t.guard) ? t.guard.params?.flag : undefined;
    if (typeof guardFlag === 'string' && guardFlag) flags.add(guardFlag);
  });
  return [...flags].sort();
}
