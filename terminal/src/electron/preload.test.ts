/**
 * The preload against a stand-in for Electron's `contextBridge` and `ipcRenderer`: where no Electron
 * binary can run (the Playwright Electron test skips there), this pins what the page is given.
 */
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { IPC_CHANNELS } from './ipc-channels.cts';

const electron = vi.hoisted(() => ({
  exposed: [] as { name: string; api: Record<string, unknown> }[],
  invoked: [] as unknown[][],
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, unknown>) => electron.exposed.push({ name, api }),
  },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      electron.invoked.push(args);
      return true;
    },
  },
}));

beforeAll(async () => {
  await import('./preload.cts');
});

describe('the till preload', () => {
  test('when it runs, then the page gets exactly one global, tillBridge, on the electron platform', () => {
    expect(electron.exposed.map((e) => e.name)).toEqual(['tillBridge']);
    const api = electron.exposed[0]!.api;
    expect(Object.keys(api).sort()).toEqual(['getConfig', 'platform', 'printEscPos', 'printReceipt']);
    expect(api.platform).toBe('electron');
  });

  test('then each bridge call is an invoke on the channel the main process handles, with its argument only', async () => {
    const api = electron.exposed[0]!.api as {
      getConfig(): Promise<unknown>;
      printReceipt(html: string): Promise<boolean>;
      printEscPos(bytes: Uint8Array): Promise<boolean>;
    };
    const bytes = new Uint8Array([0x1b, 0x40]);
    await api.getConfig();
    await api.printReceipt('<p>receipt</p>');
    await api.printEscPos(bytes);
    expect(electron.invoked).toEqual([
      [IPC_CHANNELS.getConfig],
      [IPC_CHANNELS.printReceipt, '<p>receipt</p>'],
      [IPC_CHANNELS.printEscPos, bytes],
    ]);
  });
});
