/** The notes and coins a drawer is counted in (minor units), largest first: the blind count's rows. */
export const DENOMINATIONS: readonly number[] = [50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1];
