/** The hold-expiry sweeper: holds past their expiry become `expired` and give their stock back (with events). */
import { type BackgroundLoop, startBackgroundLoop } from '../common/background-loop.ts';
import type { ServiceContext } from '../common/service-runtime.ts';
import { expireDueHolds } from './domain/reservations.ts';

export function startHoldSweeper(ctx: ServiceContext, intervalMs: number): BackgroundLoop {
  return startBackgroundLoop(
    'hold-sweeper',
    intervalMs,
    async () => {
      const { expired, more } = await expireDueHolds(ctx.pool);
      if (expired > 0) {
        ctx.logger.info({ expired }, 'expired holds released');
        ctx.pokeRelay();
      }
      return more;
    },
    ctx.logger,
  );
}
