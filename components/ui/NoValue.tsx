/** An empty cell: a dash to the eye, words to a screen reader. */
export function NoValue({ said = 'none' }: { said?: string }) {
  return (
    <>
      <span aria-hidden="true" className="text-slate-500">
        —
      </span>
      <span className="sr-only">{said}</span>
    </>
  );
}
