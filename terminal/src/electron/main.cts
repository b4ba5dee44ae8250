/**
 * The till's Electron main process — deliberately thin: one window showing the React renderer over
 * app://till (app-protocol.cts), the bridge's two IPC calls (config, printing), and security
 * defaults. No business logic lives here; the renderer is the till.
 *
 * Startup: one instance per machine (a second launch focuses the first window); the config is read
 * once (till-config.cts) — an invalid one shows an error and quits rather than running half-wired.
 */
import path from 'node:path';
import type { TillConfig } from '@pos/till-core/platform/bridge' with { 'resolution-mode': 'import' };
import { app, BrowserWindow, dialog, type IpcMainInvokeEvent, ipcMain, session } from 'electron';
import { APP_START_URL, isAppUrl } from './app-origin.cjs';
import { handleAppProtocol, registerAppScheme } from './app-protocol.cjs';
import { contentSecurityPolicy } from './content-security-policy.cjs';
import { IPC_CHANNELS } from './ipc-channels.cjs';
import { MAX_PRINT_JOB_BYTES, sendToPrinter } from './network-printer.cjs';
import { printReceipt } from './print.cjs';
import { MAX_RECEIPT_HTML_LENGTH } from './receipt-document.cjs';
import { loadTillConfig, maskedTillConfig, TILL_CONFIG_FILE_NAME } from './till-config.cjs';
import { denyAllPermissions, installWindowGuards } from './window-guards.cjs';
import { tillWindowOptions } from './window-options.cjs';

/** This file is dist-electron/electron/main.cjs; the built renderer is terminal/dist (in the asar when packaged). */
const DIST_DIR = path.resolve(__dirname, '..', '..', 'dist');
const PRELOAD = path.join(__dirname, 'preload.cjs');

let mainWindow: BrowserWindow | null = null;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(tillWindowOptions(PRELOAD));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  void window.loadURL(APP_START_URL);
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** Only the till's own page may call the bridge (not a receipt, not anything navigated to). */
function fromTill(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame !== null && isAppUrl(event.senderFrame.url);
}

function handleBridgeCalls(config: TillConfig): void {
  ipcMain.handle(IPC_CHANNELS.getConfig, (event): TillConfig => {
    if (!fromTill(event)) throw new Error('the till config is only available to the till');
    return config;
  });
  ipcMain.handle(IPC_CHANNELS.printReceipt, async (event, html: unknown): Promise<boolean> => {
    if (!fromTill(event) || typeof html !== 'string' || html.length > MAX_RECEIPT_HTML_LENGTH) return false;
    return printReceipt(html);
  });
  // ESC/POS bytes go only to the configured network printer, never to an address the renderer names.
  ipcMain.handle(IPC_CHANNELS.printEscPos, async (event, bytes: unknown): Promise<boolean> => {
    const printer = config.printer;
    if (!fromTill(event) || printer?.kind !== 'network') return false;
    if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > MAX_PRINT_JOB_BYTES) return false;
    try {
      await sendToPrinter(printer, bytes);
      return true;
    } catch (error) {
      console.warn(`receipt printing failed: ${(error as Error).message}`);
      return false;
    }
  });
}

function readConfigOrQuit(): TillConfig | null {
  try {
    const config = loadTillConfig(process.env, path.join(app.getPath('userData'), TILL_CONFIG_FILE_NAME));
    console.info('till config', maskedTillConfig(config));
    return config;
  } catch (error) {
    dialog.showErrorBox('The till cannot start', (error as Error).message);
    app.exit(1);
    return null;
  }
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  registerAppScheme();
  installWindowGuards();
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    const config = readConfigOrQuit();
    if (!config) return;
    denyAllPermissions(session.defaultSession);
    handleAppProtocol(DIST_DIR, contentSecurityPolicy([config.posCoreUrl, config.inventoryUrl]));
    handleBridgeCalls(config);
    mainWindow = createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
    });
  });
}

main();
