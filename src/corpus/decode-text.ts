import { fail, ok, type Result } from '../result.js';

/** Text decoded from an article's bytes, with the encoding it was read in (a WHATWG encoding name). */
export interface DecodedText {
  text: string;
  encoding: string;
}

/** Where the encoding of some bytes may be declared, besides a byte-order mark in the bytes themselves. */
export interface EncodingHints {
  /** A charset declared outside the bytes: an HTTP `Content-Type` charset, or a feed's. */
  charset?: string | null;
  /** The bytes are an HTML page, so a `<meta charset>` near its start counts too. */
  html: boolean;
}

const byteOrderMarks: [bytes: number[], encoding: string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/**
 * What Windows-1252 bytes 0x80 to 0x9F stand for (the WHATWG index; the five unassigned bytes stay themselves). Node
 * 20.18.3 and later decode that range as Latin-1 control characters (nodejs/node#56542), losing curly quotes, dashes
 * and the euro sign, so they are mapped here; on a Node that decodes it right this changes nothing.
 */
const windows1252High =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** How far into a page its `<meta charset>` is looked for (browsers look at the first 1024 bytes). */
const metaScanBytes = 2048;

/**
 * Decodes an article's bytes, taking the encoding from the first of: a byte-order mark, the declared charset, an HTML
 * page's `<meta charset>`. Without one, the bytes are read as UTF-8 if they are valid UTF-8, else as Windows-1252 (a
 * superset of Latin-1, and what browsers assume for unlabelled Western pages). Text with NUL characters, or where
 * more than one character in twenty is a control character, is refused as binary, whatever it was declared to be.
 */
export function decodeText(bytes: Uint8Array, hints: EncodingHints): Result<DecodedText, 'binary'> {
  const decoded = decode(bytes, hints);
  if (looksBinary(decoded.text)) {
    return fail('binary', 'The content looks like a binary file, not text.');
  }
  return ok(decoded);
}

function decode(bytes: Uint8Array, hints: EncodingHints): DecodedText {
  for (const [mark, encoding] of byteOrderMarks) {
    if (mark.every((byte, index) => bytes[index] === byte)) {
      return { text: new TextDecoder(encoding).decode(bytes.subarray(mark.length)), encoding };
    }
  }
  const declared =
    knownEncoding(hints.charset) ?? (hints.html ? knownEncoding(metaCharset(bytes)) : undefined);
  // A page declared UTF-8 that is not is treated like an undeclared one: the declaration is the likelier mistake.
  if (declared !== undefined && declared !== 'utf-8') {
    return { text: decodeAs(declared, bytes), encoding: declared };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeAs('windows-1252', bytes), encoding: 'windows-1252' };
  }
}

function decodeAs(encoding: string, bytes: Uint8Array): string {
  const text = new TextDecoder(encoding).decode(bytes);
  if (encoding !== 'windows-1252') return text;
  return text.replace(
    /[\u0080-\u009f]/g,
    (character) => windows1252High[character.charCodeAt(0) - 0x80] ?? character,
  );
}

/** The WHATWG name of a charset label (`latin1` and `iso-8859-1` are both `windows-1252`), or undefined if unknown. */
function knownEncoding(label: string | null | undefined): string | undefined {
  if (label === null || label === undefined || label.trim() === '') return undefined;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
}

function metaCharset(bytes: Uint8Array): string | undefined {
  const head = decodeAs('windows-1252', bytes.subarray(0, metaScanBytes));
  // Both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

/** NUL, or control characters (other than tab, line feed, form feed and carriage return) above one in twenty. */
function looksBinary(text: string): boolean {
  let control = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0) return true;
    const isControl =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0xfffd;
    if (isControl) control += 1;
  }
  return text.length > 0 && control / text.length > 0.05;
}
