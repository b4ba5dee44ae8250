/**
 * The platform bridge of the plain-browser build: the configuration is `till-config.json` served
 * next to the app (same origin, resolved against the page so it works under any base path), a
 * receipt prints through a hidden iframe so the till's own page is never replaced, and ESC/POS bytes
 * go to the till server's relay (`printer/escpos`), which sends them to the configured network printer.
 */
import type { TillBridge, TillConfig } from '@pos/till-core/platform';
import { parseTillConfig } from '@pos/till-core/platform';

async function getConfig(): Promise<TillConfig> {
  const response = await fetch(new URL('till-config.json', document.baseURI), { cache: 'no-store' });
  if (!response.ok) throw new Error(`Could not load till-config.json (HTTP ${response.status}).`);
  return parseTillConfig(await response.json());
}

function printReceipt(html: string): Promise<boolean> {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('aria-hidden', 'true');
    frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
    frame.srcdoc = `<!doctype html><html><head><meta charset="utf-8"><title>Receipt</title></head><body>${html}</body></html>`;
    frame.onload = () => {
      const view = frame.contentWindow;
      if (!view) {
        frame.remove();
        resolve(false);
        return;
      }
      const done = (ok: boolean) => {
        frame.remove();
        resolve(ok);
      };
      view.addEventListener('afterprint', () => done(true), { once: true });
      try {
        view.focus();
        view.print();
        // Browsers that print synchronously never fire afterprint in a detached frame: settle anyway.
        setTimeout(() => done(true), 60_000);
      } catch {
        done(false);
      }
    };
    document.body.appendChild(frame);
  });
}

async function printEscPos(bytes: Uint8Array): Promise<boolean> {
  try {
    const response = await fetch(new URL('printer/escpos', document.baseURI), {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
    });
    if (!response.ok) console.warn(`receipt printing failed: HTTP ${response.status} ${await response.text()}`);
    return response.ok;
  } catch (error) {
    console.warn(`receipt printing failed: ${(error as Error).message}`);
    return false;
  }
}

export const browserBridge: TillBridge = { platform: 'browser', getConfig, printReceipt, printEscPos };
