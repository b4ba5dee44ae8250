import { exportUnsyncedSales, importSales, salesFileName } from '@pos/till-core/transfer';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { saveTextFile } from '../save-file.ts';
import { useTill } from '../till-context.ts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Export this till's unsynced sales to a file; import such a file (from this or another till) into
 * the outbox. Importing is harmless any number of times: ids already here are skipped, and the server
 * dedupes by id.
 */
export function SalesTransfer() {
  const till = useTill();
  // `count` numbers the outcomes, so the same text twice is still visibly a new answer.
  const [message, setMessageState] = useState<{ text: string; count: number } | null>(null);
  const setMessage = (text: string) => setMessageState((m) => ({ text, count: (m?.count ?? 0) + 1 }));
  const exportSales = useMutation({
    mutationFn: async () => {
      const file = await exportUnsyncedSales(till.db, till.config.terminalId);
      saveTextFile(salesFileName(file), JSON.stringify(file, null, 2));
      return file.sales.length;
    },
    onSuccess: (n) => setMessage(`Exported ${n} unsynced sale${n === 1 ? '' : 's'} to a file.`),
    onError: (error) => setMessage(`Export failed: ${messageOf(error)}`),
  });
  const importFile = useMutation({
    mutationFn: async (file: File) => importSales(till.db, till.config.terminalId, await file.text()),
    onSuccess: ({ imported, skipped }) => {
      till.syncEngine.notifySaleRecorded();
      setMessage(`Imported ${imported} sale${imported === 1 ? '' : 's'}; ${skipped} already on this till.`);
    },
    onError: (error) => setMessage(`Import refused: ${messageOf(error)}`),
  });
  return (
    <section className="transfer" aria-label="Move sales between tills">
      <h2>Move unsynced sales</h2>
      <div className="row">
        <button type="button" data-testid="export-sales" disabled={exportSales.isPending} onClick={() => exportSales.mutate()}>
          Export unsynced sales
        </button>
        <label className="file-button">
          Import sales file
          <input
            type="file"
            accept="application/json,.json"
            data-testid="import-sales-file"
            disabled={importFile.isPending}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) importFile.mutate(file);
            }}
          />
        </label>
      </div>
      {message && (
        <p className="info" data-testid="transfer-message" data-count={message.count} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
