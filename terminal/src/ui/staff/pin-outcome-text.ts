/** What the cashier reads after a PIN was refused (sign-in or override). */
export type RefusedPin =
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'locked'; until: number }
  | { kind: 'unknown' }
  | { kind: 'not_allowed' };

const clock = (epochMs: number) => new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function refusedPinText(outcome: RefusedPin, name: string): string {
  switch (outcome.kind) {
    case 'wrong':
      return `Wrong PIN. ${outcome.triesLeft} ${outcome.triesLeft === 1 ? 'try' : 'tries'} left before ${name} is locked out on this till.`;
    case 'locked':
      return `Too many wrong PINs: ${name} is locked out on this till until ${clock(outcome.until)}.`;
    case 'unknown':
      return `${name} can no longer sign in on this till.`;
    case 'not_allowed':
      return `${name} may not approve this.`;
  }
}
