import { parseHTML } from 'linkedom';

/** Markup a feed text field may hold: a tag, a comment or a character reference. */
const markup = /<[a-z!/?]|&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

/** Tags that separate words when a block of HTML is read as one line. */
const blockTag = /<(\/?)(p|div|br|li|h[1-6]|tr|td|th|blockquote|ul|ol|section|article|figure|figcaption)\b/gi;

interface TextDocument {
  body: { textContent: string | null };
  querySelectorAll(selector: string): ArrayLike<{ remove(): void }>;
}

/**
 * The text a reader sees of an HTML fragment from a feed (a title, a summary), on one line: tags, scripts and styles
 * dropped, character references decoded, white space folded. Text with no markup is only folded, so "a < b" stays.
 */
export function htmlToText(html: string): string {
  if (!markup.test(html)) return html.replace(/\s+/g, ' ').trim();
  const spaced = html.replace(blockTag, ' <$1$2');
  const { document } = parseHTML(`<!doctype html><html><body>${spaced}</body></html>`) as unknown as {
    document: TextDocument;
  };
  for (const element of Array.from(document.querySelectorAll('script, style, template'))) element.remove();
  return (document.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}
