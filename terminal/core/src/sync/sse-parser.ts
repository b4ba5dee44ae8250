/** The SSE parser lives in shared/ (the till and the manager's console both read POS Core's stream). */
export { type SseMessage, SseParser } from '@pos/shared/sse-parser';
