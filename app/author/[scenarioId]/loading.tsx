/** Shown while the draft is read: opening a large scenario takes a moment. */
export default function LoadingEditor() {
  return (
    <p role="status" className="mt-6 text-slate-700">
      Opening the editor…
    </p>
  );
}
