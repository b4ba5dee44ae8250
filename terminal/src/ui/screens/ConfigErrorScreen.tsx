/** Shown instead of the till when its configuration cannot be loaded: selling without it would lose track of sales. */
export function ConfigErrorScreen({ message }: { message: string }) {
  return (
    <main className="config-error" data-testid="config-error">
      <h1>The till cannot start</h1>
      <p>Its configuration could not be loaded:</p>
      <pre>{message}</pre>
      <p>Check that the till is installed correctly (till-config.json next to the app), then reload.</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </main>
  );
}
