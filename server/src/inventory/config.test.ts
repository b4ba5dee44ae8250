import { describe, expect, it } from 'vitest';
import { ConfigError } from '../common/env.ts';
import { loadInventoryConfig } from './config.ts';

const base = { POS_SERVICE_TOKEN: 'service-token-0123456789', INVENTORY_DATABASE_URL: 'postgres://u:p@localhost:5432/inventory' };

describe('inventory config', () => {
  it('when only the required variables are set, then the documented defaults apply', () => {
    expect(loadInventoryConfig(base)).toMatchObject({
      INVENTORY_PORT: 4001,
      INVENTORY_POOL_MAX: 20,
      INVENTORY_SEED_DEMO: false,
      INVENTORY_RESERVATION_TTL_SECONDS: 900,
      INVENTORY_SWEEP_INTERVAL_MS: 5000,
    });
  });

  it('when INVENTORY_SEED_DEMO is true/1/false/0, then it reads as a boolean', () => {
    expect(loadInventoryConfig({ ...base, INVENTORY_SEED_DEMO: 'true' }).INVENTORY_SEED_DEMO).toBe(true);
    expect(loadInventoryConfig({ ...base, INVENTORY_SEED_DEMO: '1' }).INVENTORY_SEED_DEMO).toBe(true);
    expect(loadInventoryConfig({ ...base, INVENTORY_SEED_DEMO: 'false' }).INVENTORY_SEED_DEMO).toBe(false);
    expect(loadInventoryConfig({ ...base, INVENTORY_SEED_DEMO: '0' }).INVENTORY_SEED_DEMO).toBe(false);
  });

  it('when values are bad or the database URL is missing, then a ConfigError names every bad variable', () => {
    const bad = () =>
      loadInventoryConfig({
        POS_SERVICE_TOKEN: base.POS_SERVICE_TOKEN,
        INVENTORY_PORT: 'eighty',
        INVENTORY_SEED_DEMO: 'yes',
        INVENTORY_RESERVATION_TTL_SECONDS: '0',
      });
    let error: unknown;
    try {
      bad();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ['INVENTORY_DATABASE_URL', 'INVENTORY_PORT', 'INVENTORY_SEED_DEMO', 'INVENTORY_RESERVATION_TTL_SECONDS']) {
      expect((error as ConfigError).message).toContain(name);
    }
  });
});
