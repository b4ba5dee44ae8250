import { describe, expect, it } from 'vitest';
import { ConfigError } from '../common/env.ts';
import { loadPaymentConfig } from './config.ts';

const required = { POS_SERVICE_TOKEN: 'service-token-0123456789', PAYMENT_DATABASE_URL: 'postgres://pay:secret@db:5432/payment' };

describe('loadPaymentConfig', () => {
  it('when only the required variables are set, then the documented defaults apply', () => {
    expect(loadPaymentConfig(required)).toMatchObject({ PAYMENT_PORT: 4002, PAYMENT_POOL_MAX: 10, PAYMENT_PROCESSOR_TIMEOUT_MS: 2_000 });
  });

  it('when values are given, then they are used', () => {
    const config = loadPaymentConfig({ ...required, PAYMENT_PORT: '5002', PAYMENT_POOL_MAX: '3', PAYMENT_PROCESSOR_TIMEOUT_MS: '200' });
    expect(config).toMatchObject({ PAYMENT_PORT: 5002, PAYMENT_POOL_MAX: 3, PAYMENT_PROCESSOR_TIMEOUT_MS: 200 });
  });

  it('when the database URL is missing, then it fails naming the variable', () => {
    expect(() => loadPaymentConfig({ POS_SERVICE_TOKEN: required.POS_SERVICE_TOKEN })).toThrow(ConfigError);
    expect(() => loadPaymentConfig({ POS_SERVICE_TOKEN: required.POS_SERVICE_TOKEN })).toThrow(/PAYMENT_DATABASE_URL/);
  });

  it.each([
    ['PAYMENT_PROCESSOR_TIMEOUT_MS', 'soon'],
    ['PAYMENT_PROCESSOR_TIMEOUT_MS', '60000'],
    ['PAYMENT_POOL_MAX', '0'],
    ['PAYMENT_PORT', '70000'],
    ['PAYMENT_DATABASE_URL', 'mysql://db/payment'],
  ])('when %s is %s, then it fails fast', (name, value) => {
    expect(() => loadPaymentConfig({ ...required, [name]: value })).toThrow(new RegExp(name));
  });
});
