/**
 * Reads back what an ESC/POS byte stream prints, for tests that check a printed receipt: the text
 * lines (commands stripped; bytes outside ASCII become "?", as their glyph depends on the code page
 * selected), the QR codes' contents and whether the paper was cut. An unknown command throws, so a
 * test cannot pass over bytes it did not understand.
 */

export interface PrintedText {
  lines: string[];
  qrCodes: string[];
  cuts: number;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;

/** ESC commands and how many parameter bytes follow their letter. */
const ESC_PARAMS: Record<number, number> = {
  64: 0, // @ initialise
  116: 1, // t code page
  97: 1, // a align
  69: 1, // E bold
  45: 1, // - underline
  52: 1, // 4 italic
  77: 1, // M font
  33: 1, // ! print mode
  100: 1, // d feed lines
  74: 1, // J feed dots
  51: 1, // 3 line spacing
  50: 0, // 2 default line spacing
  82: 1, // R international set
};
const GS_PARAMS: Record<number, number> = {
  33: 1, // ! size
  66: 1, // B invert
  104: 1, // h barcode height
  119: 1, // w barcode width
  72: 1, // H barcode text
};
const FS_PARAMS: Record<number, number> = { 46: 0, 67: 1 }; // . cancel Kanji, C

export function escPosText(bytes: Uint8Array): PrintedText {
  const lines: string[] = [];
  const qrCodes: string[] = [];
  let cuts = 0;
  let line = '';
  let i = 0;
  const need = (n: number) => {
    if (i + n > bytes.length) throw new Error(`ESC/POS stream ends inside a command at byte ${i}`);
  };
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === ESC || b === FS) {
      need(2);
      const params = (b === ESC ? ESC_PARAMS : FS_PARAMS)[bytes[i + 1]!];
      if (params === undefined) throw new Error(`unknown command ${b.toString(16)} ${bytes[i + 1]!.toString(16)} at byte ${i}`);
      need(2 + params);
      i += 2 + params;
    } else if (b === GS) {
      need(2);
      const command = bytes[i + 1]!;
      if (command === 0x28 && bytes[i + 2] === 0x6b) {
        // GS ( k pL pH cn fn data: a 2D symbol; fn 0x50 (80) stores the QR code's data.
        need(5);
        const length = bytes[i + 3]! + bytes[i + 4]! * 256;
        need(5 + length);
        const cn = bytes[i + 5];
        const fn = bytes[i + 6];
        if (cn === 0x31 && fn === 0x50) qrCodes.push(new TextDecoder('latin1').decode(bytes.subarray(i + 8, i + 5 + length)));
        i += 5 + length;
      } else if (command === 0x56) {
        // GS V m [n]: cut; m 65/66 take a feed byte.
        need(3);
        const m = bytes[i + 2]!;
        i += m === 65 || m === 66 ? 4 : 3;
        cuts++;
      } else if (command === 0x6b) {
        // GS k m n d1…dn (m ≥ 65): a barcode; its data is skipped.
        need(4);
        i += 4 + bytes[i + 3]!;
      } else {
        const params = GS_PARAMS[command];
        if (params === undefined) throw new Error(`unknown command 1d ${command.toString(16)} at byte ${i}`);
        need(2 + params);
        i += 2 + params;
      }
    } else if (b === 0x0a) {
      lines.push(line);
      line = '';
      i++;
    } else if (b === 0x0d) {
      i++;
    } else {
      line += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?';
      i++;
    }
  }
  if (line !== '') lines.push(line);
  return { lines, qrCodes, cuts };
}
