/** @pos/till-core/platform: the one contract between the till and the platform it runs on (Electron or a browser). */
export * from './bridge.ts';
export * from './parse-till-config.ts';
