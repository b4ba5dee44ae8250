import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveInsideRoot } from './path-guard.cts';

const root = path.resolve('/srv/till/dist');

describe('resolveInsideRoot', () => {
  test('when the path names a file inside the root, then it resolves to that file', () => {
    expect(resolveInsideRoot(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveInsideRoot(root, '/a%20b.png')).toBe(path.join(root, 'a b.png'));
  });

  test('when the path is the root, then it resolves to the root', () => {
    expect(resolveInsideRoot(root, '/')).toBe(root);
    expect(resolveInsideRoot(root, '')).toBe(root);
  });

  test('when a .. stays inside the root, then it is allowed', () => {
    expect(resolveInsideRoot(root, '/assets/../index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveInsideRoot(root, '/..hidden')).toBe(path.join(root, '..hidden'));
  });

  test.each([
    ['plain ../', '/../secret.txt'],
    ['deep ../', '/assets/../../../etc/passwd'],
    ['encoded dots', '/%2e%2e/secret.txt'],
    ['encoded dots and slash', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['upper-case encoding', '/%2E%2E%2Fsecret.txt'],
    ['double slash absolute path', '//etc/passwd'],
    ['encoded absolute path', '/%2Fetc%2Fpasswd'],
    ['windows drive path', '/C:/Windows/win.ini'],
    ['encoded windows drive path', '/c%3A%5CWindows%5Cwin.ini'],
    ['backslash traversal', '/..\\..\\secret.txt'],
    ['encoded backslash', '/assets%5C..%5C..%5Csecret.txt'],
    ['null byte', '/index.html%00.png'],
    ['raw null byte', '/index.html\0'],
    ['malformed percent-encoding', '/%E0%A4%A'],
  ])('when the path is a traversal attempt (%s), then it is refused', (_name, pathname) => {
    expect(resolveInsideRoot(root, pathname)).toBeNull();
  });

  test('when a sibling directory shares the root as a name prefix, then it is refused', () => {
    expect(resolveInsideRoot(root, '/../dist-secret/x')).toBeNull();
  });
});
