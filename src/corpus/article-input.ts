/**
 * An article as read from a file, a web page or pasted text, before validation: metadata that was found (or null)
 * and the body, one paragraph per line with no empty lines. `addArticle` merges overrides and validates it.
 */
export interface ArticleInput {
  id: string | null;
  title: string | null;
  source: string | null;
  url: string | null;
  published: string | null;
  author: string | null;
  lines: string[];
}

/** Splits body text into article lines: one paragraph per line, trimmed, empty lines dropped. */
export function toBodyLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
}
