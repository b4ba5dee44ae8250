/**
 * The rules every web contents of the till obeys, whatever opened it: it stays on app://till (no
 * navigation or redirect elsewhere), opens no windows of its own (http(s) links go to the system
 * browser), attaches no <webview>, and is granted no permission. Printing needs none: the main
 * process prints (print.cts), the renderer only asks over IPC.
 */
import { app, type Session, shell, type WebContents } from 'electron';
import { isAppUrl, isExternalWebUrl } from './app-origin.cjs';

function guardWebContents(contents: WebContents): void {
  const stayOnTill = (event: Electron.Event, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnTill);
  contents.on('will-redirect', stayOnTill);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Refuses every permission request and check of `session`. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Installs the guards for every web contents and session the app creates. Call before ready. */
export function installWindowGuards(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('session-created', denyAllPermissions);
}
