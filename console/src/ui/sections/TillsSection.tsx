/**
 * Tills: make a one-time pairing code for a new till, revoke a till (refused at once; it keeps its
 * unsynced sales), and ask a till to rotate its token — the till rotates it itself when the request
 * reaches it over its event feed, without being paired again (POS Core: tenancy-router.ts).
 * Staff and their PINs: StaffSection.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { useConsoleApi } from '../console-context.ts';
import { tillsQuery } from '../queries.ts';

const pairingCode = z.object({ code: z.string(), storeId: z.string(), expiresAt: z.string() });
const revoked = z.object({ terminalId: z.string(), revokedAt: z.string() });
const rotationRequested = z.object({ terminalId: z.string(), requestedAt: z.string() });

export function TillsSection() {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const tills = useQuery(tillsQuery(api));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['tills'] });
  const newCode = useMutation({ mutationFn: () => api.call('posCore', '/v1/pairing-codes', pairingCode, { method: 'POST', body: {} }) });
  const revoke = useMutation({
    mutationFn: (terminalId: string) =>
      api.call('posCore', `/v1/terminals/${encodeURIComponent(terminalId)}/revoke`, revoked, { method: 'POST', body: {} }),
    onSettled: refresh,
  });
  const rotate = useMutation({
    mutationFn: (terminalId: string) =>
      api.call('posCore', `/v1/terminals/${encodeURIComponent(terminalId)}/rotation-request`, rotationRequested, {
        method: 'POST',
        body: {},
      }),
    onSettled: refresh,
  });
  const failure = revoke.error ?? rotate.error;
  return (
    <section>
      <h2>Tills</h2>
      <div className="inline-form">
        <button
          type="button"
          className="primary"
          data-testid="new-pairing-code"
          onClick={() => newCode.mutate()}
          disabled={newCode.isPending}
        >
          New pairing code
        </button>
        {newCode.data && (
          <span>
            Type <strong data-testid="pairing-code">{newCode.data.code}</strong> on the new till before{' '}
            {new Date(newCode.data.expiresAt).toLocaleTimeString()} (once).
          </span>
        )}
        {newCode.error && <span className="bad">{newCode.error.message}</span>}
      </div>
      {failure && (
        <p className="bad" role="alert" data-testid="tills-error">
          {failure.message}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Till</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tills.data?.tills.map((t) => (
            <tr key={t.terminalId} data-testid="till-admin-row" data-terminal-id={t.terminalId} data-revoked={t.revokedAt !== null}>
              <th scope="row">{t.terminalId}</th>
              <td data-testid="till-state">
                {t.revokedAt
                  ? `revoked ${new Date(t.revokedAt).toLocaleString()}`
                  : t.rotationRequestedAt
                    ? 'token rotation asked, waiting for the till'
                    : 'active'}
              </td>
              <td className="actions">
                {!t.revokedAt && (
                  <>
                    <button type="button" data-testid="till-rotate" onClick={() => rotate.mutate(t.terminalId)} disabled={rotate.isPending}>
                      Rotate token
                    </button>
                    <button
                      type="button"
                      data-testid="till-revoke"
                      onClick={() => {
                        if (window.confirm(`Revoke ${t.terminalId}? It stops syncing at once and keeps its unsynced sales.`))
                          revoke.mutate(t.terminalId);
                      }}
                      disabled={revoke.isPending}
                    >
                      Revoke
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
