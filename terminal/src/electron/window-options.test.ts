import { describe, expect, test } from 'vitest';
import { tillWindowOptions } from './window-options.cts';

describe('the till window', () => {
  const options = tillWindowOptions('/app/dist-electron/electron/preload.cjs');

  test('when it is created, then its page is sandboxed and context-isolated, with the preload as its only bridge', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist-electron/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
    });
  });

  test('then Node is out of reach of the page and its frames, and web security stays on', () => {
    expect(options.webPreferences).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  test('then it opens hidden (shown once ready) at a size a till screen fits', () => {
    expect(options).toMatchObject({ show: false, width: 1280, height: 800, minWidth: 800, minHeight: 600 });
  });
});
