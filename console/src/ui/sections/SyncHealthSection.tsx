/**
 * Sync health: every till of the store — when it was last heard from, what it says is still unsynced
 * and since when, the last sequence number POS Core received and the numbers still missing. A till
 * silent longer than the store's setting stands out. Refreshed live (events) and every 5 s.
 */
import { storeSettings } from '@pos/shared/store-settings';
import type { TillHealth } from '@pos/shared/till-health';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ageText } from '../../domain/age-text.ts';
import { seqRangesText } from '../../domain/seq-ranges-text.ts';
import { useConsoleApi } from '../console-context.ts';
import { tillsQuery } from '../queries.ts';
import { SaveButton } from '../SaveButton.tsx';
import { useNow } from '../use-now.ts';

function TillRow({ till, now }: { till: TillHealth; now: number }) {
  const status = till.revokedAt ? 'revoked' : till.silent ? 'silent' : 'ok';
  return (
    <tr
      data-testid="till-row"
      data-terminal-id={till.terminalId}
      data-missing-count={till.missingCount}
      data-silent={till.silent}
      className={status === 'silent' ? 'row-warn' : undefined}
    >
      <th scope="row">{till.terminalId}</th>
      <td data-testid="till-last-seen">
        {ageText(till.lastSeenAt, now)}
        {status !== 'ok' && <span className={`badge ${status === 'silent' ? 'warn' : 'bad'}`}> {status}</span>}
      </td>
      <td data-testid="till-unsynced">{till.reported ? till.reported.unsynced : '—'}</td>
      <td>{till.reported?.oldestUnsyncedAt ? ageText(till.reported.oldestUnsyncedAt, now).replace(' ago', '') : '—'}</td>
      <td data-testid="till-last-seq">{till.lastSeqReceived}</td>
      <td data-testid="till-missing" className={till.missingCount > 0 ? 'bad' : 'ok'}>
        {seqRangesText(till.missing, till.missingCount)}
      </td>
    </tr>
  );
}

function SilenceSetting({ seconds }: { seconds: number }) {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(seconds));
  const save = useMutation({
    mutationFn: (tillSilentAfterSeconds: number) =>
      api.call('posCore', '/v1/store/settings', storeSettings, { method: 'PUT', body: { tillSilentAfterSeconds } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tills'] }),
  });
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(Number(value));
      }}
    >
      <label>
        A till stands out when silent for more than
        <input data-testid="silent-after" type="number" min={10} value={value} onChange={(e) => setValue(e.target.value)} /> seconds
      </label>
      <SaveButton pending={save.isPending} error={save.error} />
    </form>
  );
}

export function SyncHealthSection() {
  const api = useConsoleApi();
  const tills = useQuery(tillsQuery(api));
  const now = useNow();
  if (tills.isPending) return <p>Loading the tills…</p>;
  if (tills.isError) return <p className="bad">{tills.error.message}</p>;
  const { data } = tills;
  const missing = data.tills.reduce((n, t) => n + t.missingCount, 0);
  const silent = data.tills.filter((t) => t.silent && !t.revokedAt).length;
  return (
    <section>
      <h2>Sync health</h2>
      <p data-testid="health-summary" data-missing-total={missing}>
        {data.tills.length === 0
          ? 'No till has synced with this store yet.'
          : `${data.tills.length} tills · ${missing === 0 ? 'nothing missing' : `${missing} sequence numbers missing`} · ${silent} silent`}
      </p>
      {data.tills.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Till</th>
              <th>Last seen</th>
              <th>Unsynced (reported)</th>
              <th>Oldest unsynced</th>
              <th>Last seq received</th>
              <th>Missing seq numbers</th>
            </tr>
          </thead>
          <tbody>
            {data.tills.map((t) => (
              <TillRow key={t.terminalId} till={t} now={now} />
            ))}
          </tbody>
        </table>
      )}
      <SilenceSetting key={data.silentAfterSeconds} seconds={data.silentAfterSeconds} />
    </section>
  );
}
