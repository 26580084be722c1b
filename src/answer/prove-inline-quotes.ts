import { verifyQuote } from './verify-quote.js';

const quotedStretch = /["\u201c\u201e]([^"\u201c\u201d\u201e]{3,}?)["\u201d]/g;

/**
 * True when every stretch a model put in quotation marks inside its own sentence is found word for word in one of
 * `lines`; a claim that fails would show users a quote nobody checked.
 */
export function proveInlineQuotes(text: string, lines: readonly string[]): boolean {
  for (const match of text.matchAll(quotedStretch)) {
    const quote = match[1] ?? '';
    if (!lines.some((line) => verifyQuote(line, quote).ok)) return false;
  }
  return true;
}
