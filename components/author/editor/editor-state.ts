import { asDraft, stateNames, type DraftDocument } from './draft-edits';

/**
 * The editor's store (docs/decisions/018-editor-state-and-autosave.md): the draft as JSON data and
 * as text, kept in step. Forms change the data and the text is written from it; the raw JSON view
 * changes the text and the data follows whenever the text parses. Text that does not parse stays
 * here (and in this browser's storage) but is never sent to the server.
 */
export interface EditorState {
  doc: DraftDocument;
  text: string;
  /** Why the text is not a JSON object, or null when it is. */
  textError: string | null;
  selected: string | null;
  past: Snapshot[];
  future: Snapshot[];
  /** What the last edit changed, so typing in one field makes one undo step, not one per key. */
  lastEdit: { key: string; at: number } | null;
}

interface Snapshot {
  doc: DraftDocument;
  text: string;
  textError: string | null;
  selected: string | null;
}

export type EditorAction =
  /**
   * A form edit: `key` names the field, so runs of edits to one field undo together. `doc` is the
   * edited document, or an edit to apply to the current one: a form section that was not
   * re-rendered since the last edit elsewhere then still edits the latest draft.
   */
  | { type: 'edit'; doc: DraftDocument | ((current: DraftDocument) => DraftDocument); key: string; now: number; select?: string | null }
  /** Text typed in the raw JSON view. */
  | { type: 'text'; text: string; now: number }
  /** The draft replaced as a whole: someone else's version, a restored revision, recovered edits. */
  | { type: 'replace'; text: string }
  | { type: 'select'; state: string | null }
  | { type: 'undo' }
  | { type: 'redo' };

const UNDO_LIMIT = 100;
const COALESCE_MS = 1200;

export const documentText = (doc: DraftDocument) => JSON.stringify(doc, null, 2);

export function parseDraft(text: string): { ok: true; doc: DraftDocument } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The text is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The text must be one JSON object, starting with {.' };
  return { ok: true, doc: asDraft(value) };
}

/** A selection that still names a state, or the start, or the first state. */
function validSelection(doc: DraftDocument, wanted: string | null): string | null {
  const names = stateNames(doc);
  if (wanted !== null && names.includes(wanted)) return wanted;
  if (typeof doc.initial === 'string' && names.includes(doc.initial)) return doc.initial;
  return names[0] ?? null;
}

export function initialEditorState(text: string): EditorState {
  const parsed = parseDraft(text);
  const doc = parsed.ok ? parsed.doc : {};
  return {
    doc,
    text,
    textError: parsed.ok ? null : parsed.message,
    selected: validSelection(doc, null),
    past: [],
    future: [],
    lastEdit: null,
  };
}

const snapshot = (s: EditorState): Snapshot => ({ doc: s.doc, text: s.text, textError: s.textError, selected: s.selected });

function remember(state: EditorState, key: string | null, now: number): Pick<EditorState, 'past' | 'future' | 'lastEdit'> {
  const coalesce = key !== null && state.lastEdit?.key === key && now - state.lastEdit.at < COALESCE_MS;
  return {
    past: coalesce ? state.past : [...state.past, snapshot(state)].slice(-UNDO_LIMIT),
    future: [],
    lastEdit: key === null ? null : { key, at: now },
  };
}

export function reduceEditor(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'edit': {
      const doc = typeof action.doc === 'function' ? action.doc(state.doc) : action.doc;
      const text = documentText(doc);
      if (text === state.text && action.select === undefined) return state;
      return {
        ...state,
        ...remember(state, action.key, action.now),
        doc,
        text,
        textError: null,
        selected: validSelection(doc, action.select === undefined ? state.selected : action.select),
      };
    }
    case 'text': {
      if (action.text === state.text) return state;
      const parsed = parseDraft(action.text);
      const history = remember(state, 'raw-text', action.now);
      if (!parsed.ok) return { ...state, ...history, text: action.text, textError: parsed.message };
      return { ...state, ...history, doc: parsed.doc, text: action.text, textError: null, selected: validSelection(parsed.doc, state.selected) };
    }
    case 'replace': {
      const parsed = parseDraft(action.text);
      const doc = parsed.ok ? parsed.doc : state.doc;
      return {
        ...state,
        ...remember(state, null, 0),
        doc,
        text: action.text,
        textError: parsed.ok ? null : parsed.message,
        selected: validSelection(doc, state.selected),
      };
    }
    case 'select':
      return { ...state, selected: validSelection(state.doc, action.state), lastEdit: null };
    case 'undo': {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { ...state, ...previous, past: state.past.slice(0, -1), future: [snapshot(state), ...state.future], lastEdit: null };
    }
    case 'redo': {
      const next = state.future[0];
      if (!next) return state;
      return { ...state, ...next, past: [...state.past, snapshot(state)], future: state.future.slice(1), lastEdit: null };
    }
  }
}
