/** Who may see an order: a till only its own; a manager every order of its store. The tenant is already the caller's. */
import type { Principal } from '../../common/auth.ts';

export function canSeeTerminal(principal: Principal, terminalId: string): boolean {
  return principal.kind === 'manager' || (principal.kind === 'terminal' && principal.subject === terminalId);
}
