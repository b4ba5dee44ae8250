/**
 * The installed Electron executable, or null when there is none. The `electron` package's main
 * module (node_modules/electron/index.js) returns the path of the binary its postinstall
 * downloaded (dist/ + the name in path.txt) and throws when path.txt is missing; where the
 * download was blocked, neither exists. Used by open-till.ts and the Playwright Electron test.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const requireFromTerminal = createRequire(import.meta.url);

export function electronBinary(): string | null {
  let binary: unknown;
  try {
    binary = requireFromTerminal('electron');
  } catch {
    return null;
  }
  return typeof binary === 'string' && existsSync(binary) ? binary : null;
}
