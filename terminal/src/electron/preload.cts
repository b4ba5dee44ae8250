/**
 * The till's preload: exposes exactly the TillBridge (src/platform/bridge.ts) as
 * `window.tillBridge`, and nothing else — no ipcRenderer, no Node. It runs sandboxed, where a
 * preload may require only 'electron', so it is one self-contained file: the contract, the global's
 * name and the channel names are imported as types only, so any drift fails to compile.
 */

import type { BRIDGE_GLOBAL, TillBridge, TillConfig } from '@pos/till-core/platform/bridge' with { 'resolution-mode': 'import' };
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcChannels } from './ipc-channels.cjs';

const bridgeGlobal: typeof BRIDGE_GLOBAL = 'tillBridge';
const channels: IpcChannels = { getConfig: 'till:get-config', printReceipt: 'till:print-receipt', printEscPos: 'till:print-escpos' };

const bridge: TillBridge = {
  platform: 'electron',
  getConfig: () => ipcRenderer.invoke(channels.getConfig) as Promise<TillConfig>,
  printReceipt: (html: string) => ipcRenderer.invoke(channels.printReceipt, html) as Promise<boolean>,
  printEscPos: (bytes: Uint8Array) => ipcRenderer.invoke(channels.printEscPos, bytes) as Promise<boolean>,
};

contextBridge.exposeInMainWorld(bridgeGlobal, bridge);
