/**
 * The cross-window broadcast of one till's sync (BroadcastChannel `till-sync-<terminalId>`): the
 * leader tells the followers its state, progress and errors (their counts come from the shared
 * IndexedDB); any window may wake the leader ("a sale was recorded", "sync now"); a window that opens
 * says hello and the leader answers with its state. Where BroadcastChannel does not exist the till
 * has one window, and every call is a no-op.
 */
import type { SyncErrorEntry, SyncProgress, SyncState } from './sync-snapshot.ts';

export interface LeaderState {
  state: SyncState;
  progress: SyncProgress | null;
  nextAttemptAt: string | null;
  recentErrors: SyncErrorEntry[];
}

type ChannelMessage = ({ type: 'state' } & LeaderState) | { type: 'wake' } | { type: 'hello' };

export interface SyncChannelHandlers {
  /** Another window asks the leader to send now. */
  onWake(): void;
  /** A window opened: the leader should say where it is. */
  onHello(): void;
  /** The leader's state (followers show it). */
  onState(state: LeaderState): void;
}

export class SyncChannel {
  readonly #channel: BroadcastChannel | null;

  constructor(terminalId: string, handlers: SyncChannelHandlers) {
    if (typeof BroadcastChannel === 'undefined') {
      this.#channel = null;
      return;
    }
    const channel = new BroadcastChannel(`till-sync-${terminalId}`);
    channel.onmessage = (event: MessageEvent<ChannelMessage>) => {
      const { type, ...rest } = event.data;
      if (type === 'wake') handlers.onWake();
      else if (type === 'hello') handlers.onHello();
      else if (type === 'state') handlers.onState(rest as LeaderState);
    };
    this.#channel = channel;
    this.#post({ type: 'hello' });
  }

  wake(): void {
    this.#post({ type: 'wake' });
  }

  state(state: LeaderState): void {
    this.#post({ type: 'state', ...state });
  }

  close(): void {
    this.#channel?.close();
  }

  #post(message: ChannelMessage): void {
    this.#channel?.postMessage(message);
  }
}
