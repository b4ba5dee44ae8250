/**
 * The till window's options, security first: the page runs sandboxed and context-isolated, with no
 * Node (not in the page, not in frames), web security on, no insecure content and no <webview>; its
 * only way out is the preload's bridge. Pure data, so it is unit-tested without an Electron binary.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export function tillWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    title: 'Till',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}
