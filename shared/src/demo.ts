/** The demo store that a zero-configuration start seeds. Demo credentials exist only in this store. */
export const DEMO_TENANT_ID = 'demo-store';
export const DEMO_TERMINAL_ID = 'demo-till-1';
