/**
 * Keyboard-wedge barcode scanners (they type the code, then Enter or Tab) recognised by their speed
 * wherever the focus is, through onscan.js listening on the whole document in the capture phase: at
 * least 6 characters arriving faster than 30 ms each on average and ended by the suffix. A person
 * typing is slower and is left alone.
 *
 * The scanner's characters still reach the focused field on their way (a person's keys must, and
 * they are told apart only at the end): once a scan is recognised its code is taken back out of that
 * field, and its Enter is swallowed (onscan.js stops it), so the field neither keeps the code nor acts
 * on it.
 */
import onScan from 'onscan.js';

const SUFFIX_KEYS = [13, 9];
const MIN_LENGTH = 6;
const AVG_MS_PER_CHAR = 30;

/** Each printable key as itself (the default maps only letters and digits; order numbers have "-"). */
const keyOf = (event: KeyboardEvent): string | null => (event.key.length === 1 ? event.key : null);

/** Removes `code` from the end of the focused text field, the way typing would (React sees an input event). */
function takeBackFromField(code: string): void {
  const field = document.activeElement;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
  if (!field.value.endsWith(code)) return;
  const prototype = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, field.value.slice(0, -code.length));
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Starts listening on `document`; returns the function that stops it. */
export function attachWedgeScanner(onCode: (code: string) => void): () => void {
  // onscan.js swallows a suffix key (Enter, Tab) that ends ANY run of characters, even one typed by a
  // person; the run's timing is mirrored here so a suffix that does not end a scanner-fast run is
  // left to the page (the search field's Enter, moving on with Tab). Same rule as onscan.js's check.
  let first = 0;
  let last = 0;
  let count = 0;
  const reset = () => {
    first = 0;
    last = 0;
    count = 0;
  };
  const scannerFast = () => count >= MIN_LENGTH && last - first <= count * AVG_MS_PER_CHAR;
  onScan.attachTo(document, {
    suffixKeyCodes: SUFFIX_KEYS,
    minLength: MIN_LENGTH,
    avgTimeByChar: AVG_MS_PER_CHAR,
    captureEvents: true,
    reactToPaste: false,
    keyCodeMapper: keyOf,
    onKeyDetect: (keyCode: number) => {
      if (!SUFFIX_KEYS.includes(keyCode) || scannerFast()) return true;
      // Not a scan: the key goes on to the page. onscan.js's own pending check (100 ms after the last
      // character) finds the run too slow or short and forgets it.
      reset();
      return false;
    },
    onKeyProcess: (char: string) => {
      if (!char) return;
      const now = Date.now();
      if (count === 0) first = now;
      last = now;
      count++;
    },
    onScanError: reset,
    onScan: (code: string) => {
      reset();
      takeBackFromField(code);
      onCode(code);
    },
  });
  return () => onScan.detachFrom(document);
}
