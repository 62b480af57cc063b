import principlesFile from '../scenarios/principles.json' with { type: 'json' };

export interface Principle {
  id: string;
  name: string;
  /** One of the Seven Standards of Service Excellence (the core rubric). */
  standard: boolean;
  definition: string;
  goodLooksLike: string[];
  /** The articles it is drawn from, each with the gist of the passage. */
  sources: { title: string; author: string; gist: string }[];
}

/** The principles every scenario is scored against, from scenarios/principles.json. */
export const PRINCIPLES: readonly Principle[] = principlesFile.principles;
export const PRINCIPLE_IDS: readonly string[] = PRINCIPLES.map((p) => p.id);

const byId = new Map(PRINCIPLES.map((p) => [p.id, p]));
export const principleById = (id: string): Principle | undefined => byId.get(id);
export const principleName = (id: string): string => byId.get(id)?.name ?? id;
