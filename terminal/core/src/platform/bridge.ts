/**
 * The one contract between the till's renderer and the platform it runs on (Electron or a plain
 * browser). The Electron preload exposes exactly this object as `window.tillBridge`; the browser
 * build implements the same interface over HTTP (`/till-config.json`) and `window.print()`.
 * Nothing else in the renderer knows which platform it is on.
 */

/**
 * Where the till's receipts print: the system printer (the receipt's HTML through the print dialog),
 * or a network ESC/POS printer (the receipt's ESC/POS bytes over raw TCP to host:port, usually 9100).
 * A page cannot open a TCP socket: Electron sends from its main process, the browser till through its
 * own server's relay, which sends only to this configured printer.
 */
export type PrinterSetting = { kind: 'system' } | { kind: 'network'; host: string; port: number };

/** Where the till's services are and who the till is. */
export interface TillConfig {
  posCoreUrl: string;
  inventoryUrl: string;
  terminalId: string;
  /** The till's device token (bearer). */
  token: string;
  /** Absent: the system printer. */
  printer?: PrinterSetting | undefined;
}

export interface TillBridge {
  readonly platform: 'electron' | 'browser';
  getConfig(): Promise<TillConfig>;
  /** Prints a receipt (HTML of the receipt body). Resolves false when printing was cancelled or failed. */
  printReceipt(html: string): Promise<boolean>;
  /** Sends a receipt's ESC/POS bytes to the configured network printer. Resolves false when it could not. */
  printEscPos(bytes: Uint8Array): Promise<boolean>;
}

/** The name under which the Electron preload exposes the bridge. */
export const BRIDGE_GLOBAL = 'tillBridge';
