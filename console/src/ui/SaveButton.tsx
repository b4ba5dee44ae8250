/** A settings form's Save: disabled while the change is on its way, with the refusal's words under it. */
export function SaveButton({ pending, error }: { pending: boolean; error: Error | null }) {
  return (
    <>
      <button type="submit" disabled={pending}>
        Save
      </button>
      {error && <span className="bad">{error.message}</span>}
    </>
  );
}
