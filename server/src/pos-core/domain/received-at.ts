/**
 * `received_at` as text with its full (microsecond) precision, in UTC: list cursors carry it, and a
 * JavaScript Date (milliseconds) would make a cursor skip or repeat orders received in the same
 * millisecond.
 */
export const receivedAtText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
