/**
 * For tests: saga fault hooks a test file can change while its stack runs. The stack is started once
 * with `hooks`, which forward every call to whatever hook the running test put in `faults` (none: no fault).
 */
import type { SagaFaults } from '../pos-core/domain/saga/saga-state.ts';

export function settableFaults(): { faults: SagaFaults; hooks: Required<SagaFaults> } {
  const faults: SagaFaults = {};
  return {
    faults,
    hooks: {
      beforeStep: (step, id) => faults.beforeStep?.(step, id),
      afterStep: (step, id) => faults.afterStep?.(step, id),
    },
  };
}
