/**
 * The paging contract of every list endpoint (docs/ARCHITECTURE.md, "Lists"):
 *
 *   GET …?cursor=<nextCursor of the previous page>&limit=<1…LIMITS.maxPageSize>   (both optional)
 *   → { <items>: [...], nextCursor: string | null, hasMore: boolean }
 *
 * `nextCursor` is null exactly when `hasMore` is false. A client reads on with the same filters and
 * `cursor=nextCursor` until `nextCursor` is null; that way it gets every entry of the list exactly
 * once, in the list's order (entries added meanwhile at the end are read too).
 *
 * A cursor is opaque to clients: the base64url of `[list, position]`. The list name makes a cursor of
 * one list useless on another; anything that does not decode to a position of the list is a 400
 * naming `cursor`.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** How many entries a page holds when the request names no `limit`. */
export const DEFAULT_PAGE_SIZE = 100;

const MAX_CURSOR_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The `limit` query parameter: digits only, 1 … LIMITS.maxPageSize. */
export const pageLimit = z
  .string()
  .regex(/^\d{1,7}$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1).max(LIMITS.maxPageSize));

/** A non-negative integer position (sequence numbers, row ids, feed positions). */
export const integerPosition = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A query parameter carrying a position the client knows (a seq, an event id): digits → number. */
export const knownPosition = (message: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, message)
    .transform(Number);

export interface CursorCodec<P> {
  encode(position: P): string;
  /** The `cursor` query parameter: the position it carries, or a validation issue. */
  readonly param: z.ZodType<P, string>;
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The cursors of one list, whose entries are ordered by a `position` of this schema. */
export function cursorCodec<S extends z.ZodType>(list: string, position: S): CursorCodec<z.output<S>> {
  const message = `must be a nextCursor returned by this list (${list})`;
  const param = z
    .string()
    .max(MAX_CURSOR_LENGTH, message)
    .regex(BASE64URL, message)
    .transform((value, ctx) => {
      let decoded: unknown;
      try {
        decoded = JSON.parse(fromBase64Url(value));
      } catch {
        decoded = undefined;
      }
      const parsed = Array.isArray(decoded) && decoded.length === 2 && decoded[0] === list ? position.safeParse(decoded[1]) : null;
      if (!parsed?.success) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return parsed.data as z.output<S>;
    });
  return { encode: (p) => toBase64Url(JSON.stringify([list, p])), param };
}

/**
 * The query of a list: its own filters (`shape`), `cursor` and `limit`. `startAfter` names a filter
 * that also says where the list starts (a position the client knows, e.g. a till's seq); it and
 * `cursor` exclude each other.
 */
export function pageQuery<S extends z.ZodRawShape, P>(
  codec: CursorCodec<P>,
  shape: S,
  options: { startAfter?: keyof S & string; defaultLimit?: number } = {},
) {
  const { startAfter, defaultLimit = DEFAULT_PAGE_SIZE } = options;
  return z
    .strictObject({ ...shape, cursor: codec.param.optional(), limit: pageLimit.default(defaultLimit) })
    .refine((q: Record<string, unknown>) => startAfter === undefined || q[startAfter] === undefined || q.cursor === undefined, {
      path: ['cursor'],
      message: `give either ${startAfter} or cursor`,
    });
}

/** The paging fields of every list answer. */
export const pageFields = {
  /** Pass as `cursor` to read the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** True when more entries follow this page. */
  hasMore: z.boolean(),
};
export interface PageInfo {
  nextCursor: string | null;
  hasMore: boolean;
}

/** The answer schema of a list: `{ [key]: item[], nextCursor, hasMore }`. */
export function pageSchema<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z.object({ [key]: z.array(item), ...pageFields } as Record<K, z.ZodArray<T>> & typeof pageFields);
}

/**
 * Cuts the rows a list read with LIMIT `limit + 1` into one page: the extra row only says that more
 * follow; the cursor carries the position of the page's last row.
 */
export function cutPage<R, P>(
  rows: readonly R[],
  limit: number,
  codec: CursorCodec<P>,
  positionOf: (row: R) => P,
): { rows: R[] } & PageInfo {
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : [...rows];
  const last = page.at(-1);
  return { rows: page, hasMore, nextCursor: hasMore && last !== undefined ? codec.encode(positionOf(last)) : null };
}
