/** The header row of a plain table: one column header per label, all styled alike; `end` aligns figures' columns to the right. */
export function ColumnHeads({ labels, cellClassName, end = [] }: { labels: readonly string[]; cellClassName: string; end?: readonly string[] }) {
  return (
    <tr>
      {labels.map((label) => (
        <th key={label} scope="col" className={`${cellClassName} font-semibold${end.includes(label) ? ' text-right' : ''}`}>
          {label}
        </th>
      ))}
    </tr>
  );
}
