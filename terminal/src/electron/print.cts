/**
 * Printing a receipt: the receipt document is loaded into a hidden, locked-down window (sandboxed,
 * no JavaScript, no preload, an in-memory session of its own) and printed with the system print
 * dialog (`silent: false`, so the cashier picks the printer). Resolves true when it printed, false
 * when printing was cancelled or failed — never throws to the renderer.
 */
import { BrowserWindow, session } from 'electron';
import { receiptDataUrl } from './receipt-document.cjs';

/** An in-memory partition: receipts never share cookies or storage with the till. */
const PRINT_PARTITION = 'till-print';

export async function printReceipt(bodyHtml: string): Promise<boolean> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      session: session.fromPartition(PRINT_PARTITION),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
    },
  });
  try {
    await window.loadURL(receiptDataUrl(bodyHtml));
    return await new Promise<boolean>((resolve) => {
      window.webContents.print({ silent: false, printBackground: false }, (success, failureReason) => {
        if (!success && failureReason !== 'Print job canceled') console.warn(`receipt printing failed: ${failureReason}`);
        resolve(success);
      });
    });
  } catch (error) {
    console.warn(`receipt printing failed: ${(error as Error).message}`);
    return false;
  } finally {
    if (!window.isDestroyed()) window.destroy();
  }
}
