import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpRequestSplitter, type Segment } from './http-request-splitter.ts';

const stream = [
  'GET /a HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST /b?q=1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello',
  'POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTrailer: x-t\r\n\r\n3;ext=1\r\nGET\r\n10\r\n /d HTTP/1.1\r\n\r\n\r\n0\r\nx-t: 1\r\n\r\n',
  'DELETE /e HTTP/1.1\r\n\r\n',
].join('');

/** Feeds `bytes` cut at `cuts`, returns the heads seen and the bytes passed through. */
function feed(bytes: Buffer, cuts: number[]) {
  const splitter = new HttpRequestSplitter();
  const segments: Segment[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    segments.push(...splitter.push(bytes.subarray(from, cut)));
    from = cut;
  }
  segments.push(...splitter.flush());
  return {
    heads: segments.flatMap((s) => (s.head ? [`${s.head.method} ${s.head.target}`] : [])),
    bytes: Buffer.concat(segments.map((s) => s.bytes)),
  };
}

describe('HttpRequestSplitter', () => {
  it('when keep-alive requests with length and chunked bodies follow each other, then each head is found once', () => {
    const { heads, bytes } = feed(Buffer.from(stream), []);
    expect(heads).toEqual(['GET /a', 'POST /b?q=1', 'POST /c', 'DELETE /e']);
    expect(bytes.toString()).toBe(stream);
  });

  it('when the stream arrives cut anywhere, then the heads and bytes are the same', () => {
    const bytes = Buffer.from(stream);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const result = feed(
          bytes,
          cuts.sort((a, b) => a - b),
        );
        expect(result.heads).toEqual(['GET /a', 'POST /b?q=1', 'POST /c', 'DELETE /e']);
        expect(result.bytes.equals(bytes)).toBe(true);
      }),
    );
  });

  it('when a head cannot be parsed or the connection upgrades, then the rest passes through without heads', () => {
    expect(feed(Buffer.from('NOT HTTP\r\n\r\nGET /x HTTP/1.1\r\n\r\n'), []).heads).toEqual([]);
    const upgrade = 'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nGET /x HTTP/1.1\r\n\r\n';
    expect(feed(Buffer.from(upgrade), []).heads).toEqual(['GET /ws']);
  });

  it('when the client ends in the middle of a head, then flush returns the held bytes', () => {
    const splitter = new HttpRequestSplitter();
    expect(splitter.push(Buffer.from('GET /a HT'))).toEqual([]);
    expect(splitter.flush().map((s) => s.bytes.toString())).toEqual(['GET /a HT']);
  });
});
