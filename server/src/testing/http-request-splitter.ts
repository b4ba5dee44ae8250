/**
 * Splits a client→server HTTP/1.1 byte stream into per-request segments, so a proxy can tell where
 * each request on a keep-alive connection begins (method + target) without buffering bodies.
 *
 * Contract: `push(chunk)` returns the chunk's bytes, in order and unchanged, cut into segments;
 * the segment that starts a request carries its `head`. Bytes of an incomplete head are held back
 * until the head is complete (or `flush()` releases them), everything else is returned at once.
 *
 * Limits (enough for what fetch/undici and node:http clients send in tests):
 * - request bodies are framed by Content-Length or `Transfer-Encoding: chunked` (RFC 9112 §6);
 *   a request with neither has no body;
 * - after an Upgrade or CONNECT request, or a head it cannot parse (or larger than 64 KiB), the
 *   rest of the stream is returned as opaque segments with no further heads;
 * - only requests are parsed, never responses.
 */

export interface RequestHead {
  method: string;
  /** The request target as sent, e.g. `/v1/orders?after=3`. */
  target: string;
}

export interface Segment {
  head?: RequestHead;
  bytes: Buffer;
}

type State =
  | { kind: 'head' }
  | { kind: 'body'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'trailer' }
  | { kind: 'opaque' };

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 4 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
const LF = 0x0a;
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.[01]$/;

interface ParsedHead {
  head: RequestHead;
  next: State;
}

function parseHead(text: string): ParsedHead | null {
  const lines = text.replace(/^(\r\n)+/, '').split('\r\n');
  const requestLine = REQUEST_LINE.exec(lines[0] ?? '');
  if (!requestLine) return null;
  const head = { method: requestLine[1]!, target: requestLine[2]! };
  let contentLength: number | null = null;
  let chunked = false;
  let upgrade = head.method === 'CONNECT';
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d+$/.test(value)) return null;
      const length = Number(value);
      if (contentLength !== null && contentLength !== length) return null;
      contentLength = length;
    } else if (name === 'transfer-encoding') {
      chunked = value.toLowerCase().split(',').at(-1)?.trim() === 'chunked';
      if (!chunked) return null;
    } else if (name === 'upgrade') {
      upgrade = true;
    }
  }
  if (upgrade) return { head, next: { kind: 'opaque' } };
  if (chunked) return { head, next: { kind: 'chunk-size' } };
  if (contentLength) return { head, next: { kind: 'body', remaining: contentLength } };
  return { head, next: { kind: 'head' } };
}

export class HttpRequestSplitter {
  private state: State = { kind: 'head' };
  private pendingHead: Buffer = Buffer.alloc(0);
  private line = '';

  push(chunk: Buffer): Segment[] {
    const out: Segment[] = [];
    let rest = chunk;
    while (rest.length > 0) {
      if (this.state.kind === 'head') {
        const buffered = this.pendingHead.length > 0 ? Buffer.concat([this.pendingHead, rest]) : rest;
        const end = buffered.indexOf(HEAD_END);
        if (end < 0) {
          if (buffered.length > MAX_HEAD_BYTES) this.becomeOpaque(out, buffered);
          else this.pendingHead = buffered;
          return out;
        }
        this.pendingHead = Buffer.alloc(0);
        const headBytes = buffered.subarray(0, end + HEAD_END.length);
        rest = buffered.subarray(end + HEAD_END.length);
        const parsed = parseHead(headBytes.toString('latin1'));
        if (!parsed) {
          this.becomeOpaque(out, headBytes);
          continue;
        }
        out.push({ head: parsed.head, bytes: headBytes });
        this.state = parsed.next;
        continue;
      }
      const used = this.consumeFraming(rest);
      out.push({ bytes: rest.subarray(0, used) });
      rest = rest.subarray(used);
    }
    return out;
  }

  /** Releases the bytes of an incomplete head (the client ended mid-head). */
  flush(): Segment[] {
    const held = this.pendingHead;
    this.pendingHead = Buffer.alloc(0);
    return held.length > 0 ? [{ bytes: held }] : [];
  }

  private becomeOpaque(out: Segment[], bytes: Buffer) {
    this.state = { kind: 'opaque' };
    this.pendingHead = Buffer.alloc(0);
    out.push({ bytes });
  }

  /** Advances through body framing; returns how many bytes of `bytes` belong to the current request. */
  private consumeFraming(bytes: Buffer): number {
    let i = 0;
    while (i < bytes.length) {
      const state = this.state;
      switch (state.kind) {
        case 'head':
          return i;
        case 'opaque':
          return bytes.length;
        case 'body':
        case 'chunk-data': {
          const take = Math.min(state.remaining, bytes.length - i);
          i += take;
          state.remaining -= take;
          if (state.remaining === 0) this.state = state.kind === 'body' ? { kind: 'head' } : { kind: 'chunk-size' };
          break;
        }
        case 'chunk-size':
        case 'trailer': {
          const lf = bytes.indexOf(LF, i);
          const stop = lf < 0 ? bytes.length : lf + 1;
          this.line += bytes.toString('latin1', i, stop);
          i = stop;
          if (this.line.length > MAX_LINE_BYTES) {
            this.state = { kind: 'opaque' };
            return bytes.length;
          }
          if (lf >= 0) this.endLine(state.kind);
          break;
        }
      }
    }
    return i;
  }

  private endLine(kind: 'chunk-size' | 'trailer') {
    const line = this.line.replace(/\r?\n$/, '');
    this.line = '';
    if (kind === 'trailer') {
      if (line === '') this.state = { kind: 'head' };
      return;
    }
    const size = Number.parseInt(line.split(';')[0]!.trim(), 16);
    if (Number.isNaN(size)) this.state = { kind: 'opaque' };
    // A chunk's data is followed by CRLF, counted here as part of the chunk.
    else this.state = size === 0 ? { kind: 'trailer' } : { kind: 'chunk-data', remaining: size + 2 };
  }
}
