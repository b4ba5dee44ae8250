import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.ts';

describe('SseParser', () => {
  it('when a stream arrives in arbitrary chunks, then each message is returned once, whole', () => {
    const parser = new SseParser();
    const text = ': hello\n\nid: 7\nevent: stock.changed\ndata: {"a":1}\n\nid: 8\r\ndata: line1\r\ndata: line2\r\n\r\n';
    const messages = [];
    for (const char of text) messages.push(...parser.feed(char));
    expect(messages).toEqual([
      { id: '7', event: 'stock.changed', data: '{"a":1}' },
      { id: '8', event: 'message', data: 'line1\nline2' },
    ]);
    expect(parser.lastEventId).toBe('8');
  });

  it('when a message is not yet terminated by a blank line, then it is held back', () => {
    const parser = new SseParser();
    expect(parser.feed('id: 1\ndata: x\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ id: '1', event: 'message', data: 'x' }]);
  });
});
