import { describe, expect, it } from 'vitest';
import { ConfigError } from '../common/env.ts';
import { loadPosCoreConfig } from './config.ts';

const base = { POS_SERVICE_TOKEN: 'a-service-token-of-32-characters', POS_CORE_DATABASE_URL: 'postgres://u:p@localhost/pos_core' };

describe('loadPosCoreConfig', () => {
  it('when only the required variables are set, then the documented defaults apply', () => {
    expect(loadPosCoreConfig(base)).toMatchObject({
      POS_CORE_PORT: 4000,
      POS_CORE_POOL_MAX: 20,
      POS_CORE_INVENTORY_URL: 'http://127.0.0.1:4001',
      POS_CORE_PAYMENT_URL: 'http://127.0.0.1:4002',
      POS_CORE_SAGA_RETRY_DEADLINE_MS: 30_000,
      POS_CORE_RECOVERY_INTERVAL_MS: 1_000,
      POS_CORE_LEASE_MS: 15_000,
    });
  });

  it('when values are set, then they are parsed and URLs lose their trailing slash', () => {
    const config = loadPosCoreConfig({
      ...base,
      POS_CORE_PORT: '5000',
      POS_CORE_INVENTORY_URL: 'http://inventory:4001/',
      POS_CORE_LEASE_MS: '30000',
    });
    expect(config).toMatchObject({ POS_CORE_PORT: 5000, POS_CORE_INVENTORY_URL: 'http://inventory:4001', POS_CORE_LEASE_MS: 30_000 });
  });

  it('when the database URL is missing or a value is bad, then a ConfigError names every bad variable', () => {
    let error: unknown;
    try {
      loadPosCoreConfig({ POS_SERVICE_TOKEN: base.POS_SERVICE_TOKEN, POS_CORE_PAYMENT_URL: 'ftp://x', POS_CORE_PORT: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ['POS_CORE_DATABASE_URL', 'POS_CORE_PAYMENT_URL', 'POS_CORE_PORT']) expect((error as Error).message).toContain(name);
  });

  it('when the retry deadline is set above 30 s, then it is refused (a card that never answers must end within 60 s)', () => {
    expect(() => loadPosCoreConfig({ ...base, POS_CORE_SAGA_RETRY_DEADLINE_MS: '120000' })).toThrow(/POS_CORE_SAGA_RETRY_DEADLINE_MS/);
  });
});
