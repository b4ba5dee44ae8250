/** Where the till's build outputs are, relative to this package (terminal/). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TERMINAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The renderer, built by `vite build`. */
export const DIST_DIR = path.join(TERMINAL_DIR, 'dist');
/** The Electron main process, built by `pnpm build:electron` (tsconfig.electron.json). */
export const ELECTRON_MAIN = path.join(TERMINAL_DIR, 'dist-electron', 'electron', 'main.cjs');
export const DEFAULT_TILL_PORT = 4100;
