/**
 * The IPC channels between the preload (the bridge) and the main process. The sandboxed preload
 * cannot require this module, so it repeats the names typed as `IpcChannels`: a typo fails to compile.
 */
export const IPC_CHANNELS = {
  getConfig: 'till:get-config',
  printReceipt: 'till:print-receipt',
  printEscPos: 'till:print-escpos',
} as const;

export type IpcChannels = typeof IPC_CHANNELS;
