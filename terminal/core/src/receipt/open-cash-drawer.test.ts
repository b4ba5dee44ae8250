import { describe, expect, test } from 'vitest';
import { cashDrawerPulse, openCashDrawer } from './open-cash-drawer.ts';

/** The till's bridge as the platform gives it, reduced to what opening the drawer uses: what it was sent. */
function bridgeRecording(answer: boolean) {
  const sent: Uint8Array[] = [];
  return {
    sent,
    bridge: {
      printReceipt: async () => answer,
      printEscPos: async (bytes: Uint8Array) => {
        sent.push(bytes);
        return answer;
      },
    },
  };
}

describe('no sale: opening the cash drawer', () => {
  test('the pulse is ESC p (the drawer kick every ESC/POS printer passes to its drawer port)', () => {
    const bytes = [...cashDrawerPulse()];
    const at = bytes.findIndex((b, i) => b === 0x1b && bytes[i + 1] === 0x70);
    expect(at).toBeGreaterThanOrEqual(0);
  });

  test('when the till prints to a network printer, then the pulse goes to it and the drawer opens', async () => {
    const { bridge, sent } = bridgeRecording(true);
    const config = { printer: { kind: 'network' as const, host: '127.0.0.1', port: 9100 } };
    expect(await openCashDrawer({ bridge, config })).toEqual({ opened: true });
    expect(sent.map((b) => [...b])).toEqual([[...cashDrawerPulse()]]);
  });

  test('when the printer does not answer, then the till says so', async () => {
    const { bridge } = bridgeRecording(false);
    const config = { printer: { kind: 'network' as const, host: '127.0.0.1', port: 9100 } };
    expect(await openCashDrawer({ bridge, config })).toEqual({ opened: false, reason: 'printer-unreachable' });
  });

  test('when the till prints through the system printer, then no drawer can be reached and nothing is sent', async () => {
    const { bridge, sent } = bridgeRecording(true);
    expect(await openCashDrawer({ bridge, config: {} })).toEqual({ opened: false, reason: 'no-network-printer' });
    expect(sent).toEqual([]);
  });
});
