import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadTillConfig, maskedTillConfig, TILL_CONFIG_DEFAULTS, TillConfigError } from './till-config.cts';

describe('loadTillConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'till-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function configFile(name: string, content: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  }

  test('when only the token is set, then the demo defaults fill the rest', () => {
    expect(loadTillConfig({ TILL_TERMINAL_TOKEN: 'tok' })).toEqual({ ...TILL_CONFIG_DEFAULTS, token: 'tok' });
  });

  test('when the file and the environment both set a field, then the environment wins', async () => {
    const file = await configFile(
      'both.json',
      JSON.stringify({ posCoreUrl: 'http://pos.file:4000', terminalId: 'file-till', token: 'file-token' }),
    );
    const config = loadTillConfig({ TILL_TERMINAL_ID: 'env-till', TILL_INVENTORY_URL: 'http://inv.env:4001' }, file);
    expect(config).toEqual({
      posCoreUrl: 'http://pos.file:4000',
      inventoryUrl: 'http://inv.env:4001',
      terminalId: 'env-till',
      token: 'file-token',
    });
  });

  test('when the config file does not exist, then defaults and environment are used', () => {
    expect(loadTillConfig({ TILL_TERMINAL_TOKEN: 'tok' }, path.join(dir, 'missing.json')).token).toBe('tok');
  });

  test('when no token is configured anywhere, then it refuses and says how to set it', () => {
    expect(() => loadTillConfig({})).toThrow(TillConfigError);
    expect(() => loadTillConfig({ TILL_TERMINAL_TOKEN: '' })).toThrow(/token is required \(set TILL_TERMINAL_TOKEN\)/);
  });

  test('when a service URL is not http(s), then it refuses naming the field', () => {
    expect(() => loadTillConfig({ TILL_TERMINAL_TOKEN: 'tok', TILL_POS_CORE_URL: 'file:///etc/passwd' })).toThrow(
      /posCoreUrl must be an http\(s\) URL/,
    );
  });

  test('when the config file is not JSON or has unknown fields, then it refuses naming the file', async () => {
    const broken = await configFile('broken.json', '{ nope');
    expect(() => loadTillConfig({ TILL_TERMINAL_TOKEN: 'tok' }, broken)).toThrow(/broken\.json is not valid JSON/);
    const unknown = await configFile('unknown.json', JSON.stringify({ posCoreURL: 'http://typo:4000' }));
    expect(() => loadTillConfig({ TILL_TERMINAL_TOKEN: 'tok' }, unknown)).toThrow(/unknown\.json/);
  });

  test('when the config is logged, then the token is masked', () => {
    const masked = maskedTillConfig({ ...TILL_CONFIG_DEFAULTS, token: 'a-very-secret-device-token' });
    expect(JSON.stringify(masked)).not.toContain('secret');
    expect(masked.terminalId).toBe(TILL_CONFIG_DEFAULTS.terminalId);
  });

  test('when a printer is set, then "system" is the system printer and host[:port] a network ESC/POS printer (port 9100 by default)', async () => {
    const env = { TILL_TERMINAL_TOKEN: 'tok' };
    expect(loadTillConfig(env).printer).toBeUndefined();
    expect(loadTillConfig({ ...env, TILL_PRINTER: 'system' }).printer).toEqual({ kind: 'system' });
    expect(loadTillConfig({ ...env, TILL_PRINTER: 'printer.local' }).printer).toEqual({
      kind: 'network',
      host: 'printer.local',
      port: 9100,
    });
    expect(loadTillConfig({ ...env, TILL_PRINTER: '10.0.0.7:9101' }).printer).toEqual({ kind: 'network', host: '10.0.0.7', port: 9101 });
    expect(loadTillConfig({ ...env, TILL_PRINTER: '[fd00::7]:9100' }).printer).toEqual({ kind: 'network', host: 'fd00::7', port: 9100 });
    const file = await configFile('printer.json', JSON.stringify({ printer: '192.168.1.50:9100' }));
    expect(loadTillConfig(env, file).printer).toEqual({ kind: 'network', host: '192.168.1.50', port: 9100 });
  });

  test('when the printer is not system or host:port, then it refuses naming the field', () => {
    for (const bad of ['tcp://10.0.0.7:9100', '10.0.0.7:99999', 'printer/escpos', '10.0.0.7:']) {
      expect(() => loadTillConfig({ TILL_TERMINAL_TOKEN: 'tok', TILL_PRINTER: bad })).toThrow(/printer must be "system" or "host:port"/);
    }
  });
});
