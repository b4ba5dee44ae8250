import { describe, expect, test } from 'vitest';
import { APP_START_URL, isAppUrl, isExternalWebUrl } from './app-origin.cts';

describe('where till windows may go', () => {
  test('when the URL is on app://till, then it is the till', () => {
    expect(isAppUrl(APP_START_URL)).toBe(true);
    expect(isAppUrl('app://till/sales/42?x=1#top')).toBe(true);
  });

  test.each([
    'app://other/index.html',
    'app://till.evil.example/index.html',
    'https://till/index.html',
    'file:///etc/passwd',
    'http://127.0.0.1:4100/',
    'not a url',
  ])('when the URL is %s, then it is not the till', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  test('when a link is http(s), then it may open in the system browser; anything else may not', () => {
    expect(isExternalWebUrl('https://example.com/help')).toBe(true);
    expect(isExternalWebUrl('http://example.com/')).toBe(true);
    expect(isExternalWebUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('javascript:alert(1)')).toBe(false);
    expect(isExternalWebUrl('smb://host/share')).toBe(false);
  });
});
