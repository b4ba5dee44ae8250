/** The codes and server words behind a sentence, folded away under "Details" (for a manager or support). */
export function Diagnostic({ text, testId }: { text: string | null; testId: string }) {
  if (!text) return null;
  return (
    <details className="diagnostic">
      <summary>Details</summary>
      <code data-testid={testId}>{text}</code>
    </details>
  );
}
