/**
 * The header row of a plain table: one column header per label, all styled alike. `end` aligns
 * figures' columns to the right, `wide` gives a column a class of its own (a minimum width), and a
 * label in `unseen` is read by screen readers only (a column of buttons).
 */
export function ColumnHeads({
  labels,
  cellClassName,
  end = [],
  wide = {},
  unseen = [],
}: {
  labels: readonly string[];
  cellClassName: string;
  end?: readonly string[];
  wide?: Readonly<Record<string, string>>;
  unseen?: readonly string[];
}) {
  return (
    <tr>
      {labels.map((label) => (
        <th key={label} scope="col" className={`${cellClassName} font-semibold${end.includes(label) ? ' text-right' : ''}${wide[label] ? ` ${wide[label]}` : ''}`}>
          {unseen.includes(label) ? <span className="sr-only">{label}</span> : label}
        </th>
      ))}
    </tr>
  );
}
