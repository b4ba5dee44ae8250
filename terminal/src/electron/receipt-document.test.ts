import { describe, expect, test } from 'vitest';
import { receiptDataUrl, receiptDocument } from './receipt-document.cts';

describe('receiptDocument', () => {
  test('when a receipt body is printed, then it is the body of a document that may load nothing', () => {
    const document = receiptDocument('<h1>Receipt 42</h1>');
    expect(document).toContain('<body><h1>Receipt 42</h1></body>');
    expect(document).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  test('then the data: URL decodes back to that document', () => {
    const url = receiptDataUrl('<p>Total: 12,50 € #1</p>');
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice('data:text/html;charset=utf-8,'.length))).toBe(receiptDocument('<p>Total: 12,50 € #1</p>'));
  });
});
