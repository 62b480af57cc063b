import type { DraftDocument } from './draft-edits';

/** What every form section of the editor is given: the draft, a way to edit it and a way to speak. */
export interface EditProps {
  doc: DraftDocument;
  /**
   * Applies an edit: the edited document, or better a function that edits the current one (a form
   * section that skipped re-rendering holds an older `doc`). `key` groups typing in one field into
   * one undo step.
   */
  onEdit: (doc: DraftDocument | ((current: DraftDocument) => DraftDocument), key: string, select?: string | null) => void;
  /** Says something to screen reader users (a moved choice, a deleted state). */
  announce: (message: string) => void;
}
