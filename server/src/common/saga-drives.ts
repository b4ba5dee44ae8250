/**
 * The drives of a saga driver under way (the order saga, the refund saga), so that stopping waits for
 * them: once `stop` is asked no new drive starts and a drive under way hands its lease back at its next
 * step (`stopping`). A drive that fails gives its lease back first, through the owner's clean-up (retried
 * until the database answers), so the recovery worker may take the saga up again soon.
 */
import type { ServiceInstance } from './service-instance.ts';

export interface SagaDrives {
  readonly stopping: boolean;
  /** Runs `drive` (unless stopping); on failure `giveBack` runs under `what` before the error propagates. */
  run(drive: () => Promise<void>, what: string, giveBack: () => Promise<unknown>): Promise<void>;
  /** No new drive starts; resolves once those under way ended. */
  stop(): Promise<void>;
}

export function sagaDrives(instance: Pick<ServiceInstance, 'cleanUp'>): SagaDrives {
  const inflight = new Set<Promise<void>>();
  let stopping = false;
  return {
    get stopping() {
      return stopping;
    },
    run(drive, what, giveBack) {
      if (stopping) return Promise.resolve();
      const driving = drive().catch(async (error: unknown) => {
        await instance.cleanUp(what, giveBack);
        throw error;
      });
      const tracked = driving.catch(() => {}).finally(() => inflight.delete(tracked));
      inflight.add(tracked);
      return driving;
    },
    async stop() {
      stopping = true;
      await Promise.all(inflight);
    },
  };
}
