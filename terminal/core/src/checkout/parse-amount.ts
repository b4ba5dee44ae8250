/** Typed amounts ↔ minor units live with the money code in shared/ (the till and the manager's console both read them). */
export { amountText, parseAmount } from '@pos/shared/money';
