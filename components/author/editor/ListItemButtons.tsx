'use client';

import { dangerSmallButton, smallButton } from './fields';

/**
 * Move up, move down and remove, for one item of an ordered list (a customer line, a junction's
 * branch, an example). Each button names the item by its number, and carries
 * `data-list-control="up-2"` (or `down-`, `remove-`) so that focus can be put back on it after the
 * list re-renders.
 */
export function ListItemButtons({
  noun,
  index,
  count,
  onMove,
  onRemove,
  canRemove = true,
}: {
  /** What an item is called: "line", "branch", "example". */
  noun: string;
  index: number;
  count: number;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  canRemove?: boolean;
}) {
  return (
    <div className="flex flex-wrap gap-1">
      <button type="button" className={smallButton} disabled={index === 0} data-list-control={`up-${index}`} onClick={() => onMove(-1)}>
        Move {noun} {index + 1} up
      </button>
      <button type="button" className={smallButton} disabled={index === count - 1} data-list-control={`down-${index}`} onClick={() => onMove(1)}>
        Move {noun} {index + 1} down
      </button>
      <button type="button" className={dangerSmallButton} disabled={!canRemove} data-list-control={`remove-${index}`} onClick={onRemove}>
        Remove {noun} {index + 1}
      </button>
    </div>
  );
}
