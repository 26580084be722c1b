import { fail, ok, type Result } from '../result.js';
import { toBodyLines, type ArticleInput } from './article-input.js';

const keys = new Set(['id', 'title', 'source', 'url', 'published', 'author']);

/**
 * Reads an article text with an optional front-matter block (`---`, `key: value` lines, `---`) followed by the body,
 * one paragraph per line. Keys: id, title, source, url, published, author.
 */
export function parseFrontMatter(text: string): Result<ArticleInput, 'bad-front-matter'> {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const input: ArticleInput = {
    id: null,
    title: null,
    source: null,
    url: null,
    published: null,
    author: null,
    lines: [],
  };
  let body = normalized;
  if (normalized.startsWith('---\n')) {
    const end = normalized.indexOf('\n---', 4);
    if (end === -1)
      return fail('bad-front-matter', 'The front-matter block opened with --- is never closed.');
    const block = normalized.slice(4, end);
    body = normalized.slice(end + 4).replace(/^-*\n?/, '');
    for (const [index, raw] of block.split('\n').entries()) {
      if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
      const match = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(raw);
      const key = match?.[1]?.toLowerCase();
      if (!match || key === undefined || !keys.has(key)) {
        return fail(
          'bad-front-matter',
          `Front-matter line ${index + 2} is not one of "${[...keys].join(', ')}: value".`,
        );
      }
      const value = unquote((match[2] ?? '').trim());
      input[key as Exclude<keyof ArticleInput, 'lines'>] = value === '' || value === 'null' ? null : value;
    }
  }
  input.lines = toBodyLines(body);
  return ok(input);
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted?.[1] ?? value;
}
