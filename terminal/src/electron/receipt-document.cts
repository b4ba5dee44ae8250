/**
 * The document a receipt is printed from: the renderer's receipt body (HTML) wrapped in a page of
 * its own that can load nothing (CSP default-src 'none'; inline styles and data: images only). The
 * print window also runs with JavaScript disabled, so receipt HTML cannot do anything but render.
 */

/** The largest receipt body accepted for printing (a receipt is a few KB). */
export const MAX_RECEIPT_HTML_LENGTH = 512 * 1024;

const RECEIPT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const RECEIPT_STYLE = `
  @page { margin: 4mm; }
  body { margin: 0; font-family: monospace; font-size: 12px; color: #000; background: #fff; }
`;

/** A complete HTML document for printing `bodyHtml`. */
export function receiptDocument(bodyHtml: string): string {
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${RECEIPT_CSP}">`,
    `<title>Receipt</title><style>${RECEIPT_STYLE}</style>`,
    `</head><body>${bodyHtml}</body></html>`,
  ].join('');
}

/** The document as a data: URL, for loading into the hidden print window. */
export function receiptDataUrl(bodyHtml: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(receiptDocument(bodyHtml))}`;
}
