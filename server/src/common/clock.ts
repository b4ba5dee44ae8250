/** The process's Lamport clock: one per service process; stamped on every event and log line. */
import { LamportClock } from '@pos/shared/lamport';

export const lamport = new LamportClock();
