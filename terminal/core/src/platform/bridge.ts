/**
 * The one contract between the till's renderer and the platform it runs on (Electron or a plain
 * browser). The Electron preload exposes exactly this object as `window.tillBridge`; the browser
 * build implements the same interface over HTTP (`/till-config.json`) and `window.print()`.
 * Nothing else in the renderer knows which platform it is on.
 */

/** Where the till's services are and who the till is. */
export interface TillConfig {
  posCoreUrl: string;
  inventoryUrl: string;
  terminalId: string;
  /** The till's device token (bearer). */
  token: string;
}

export interface TillBridge {
  readonly platform: 'electron' | 'browser';
  getConfig(): Promise<TillConfig>;
  /** Prints a receipt (HTML of the receipt body). Resolves false when printing was cancelled or failed. */
  printReceipt(html: string): Promise<boolean>;
}

/** The name under which the Electron preload exposes the bridge. */
export const BRIDGE_GLOBAL = 'tillBridge';
