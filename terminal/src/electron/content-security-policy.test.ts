import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy.cts';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name ?? '', sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  const policy = directives(contentSecurityPolicy(['http://127.0.0.1:4000/v1/orders?x=1', 'https://inventory.example:8443/']));

  test('when given service URLs, then connect-src allows exactly the till itself and their origins', () => {
    expect(policy.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:4000', 'https://inventory.example:8443']);
  });

  test('then scripts, styles and everything else load only from the till itself; no plugins, no framing', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });

  test('then no directive allows anything wider: no wildcard, bare scheme, inline or eval', () => {
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(source, name).not.toContain('*');
        expect(source, name).not.toMatch(/^(https?|wss?|blob|filesystem):$/);
        expect(source, name).not.toMatch(/unsafe-(inline|eval|hashes)|wasm-unsafe-eval/);
      }
    }
  });

  test('when both services share an origin, then it is listed once', () => {
    const shared = directives(contentSecurityPolicy(['http://127.0.0.1:4000/a', 'http://127.0.0.1:4000/b']));
    expect(shared.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:4000']);
  });

  test('when a service URL is not http(s), then no policy is made', () => {
    expect(() => contentSecurityPolicy(['javascript:alert(1)'])).toThrow(/http\(s\)/);
    expect(() => contentSecurityPolicy(['not a url'])).toThrow();
  });
});
