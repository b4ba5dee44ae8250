/** The bridge of the platform the renderer runs on: Electron's preload object when present, else the browser's. */
import { BRIDGE_GLOBAL, type TillBridge } from '@pos/till-core/platform';
import { browserBridge } from './browser-bridge.ts';

export function currentBridge(): TillBridge {
  const exposed = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL] as TillBridge | undefined;
  return exposed ?? browserBridge;
}
