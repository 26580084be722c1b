import { fail, ok, type Result } from '../result.js';

/** The metadata keys a front-matter block may hold. */
export type ArticleField = 'id' | 'title' | 'source' | 'url' | 'published' | 'author';

/** Metadata given as text, by field; a field not given is absent. */
export type ArticleFields = Partial<Record<ArticleField, string>>;

const keys = new Set<string>(['id', 'title', 'source', 'url', 'published', 'author']);

/**
 * Splits an article text into its optional front-matter block (`---`, `key: value` lines, `---`) and the body after
 * it. Keys: id, title, source, url, published, author; an empty value or `null` counts as not given.
 */
export function parseFrontMatter(
  text: string,
): Result<{ fields: ArticleFields; body: string; hasFrontMatter: boolean }, 'bad-front-matter'> {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!normalized.startsWith('---\n')) return ok({ fields: {}, body: normalized, hasFrontMatter: false });
  const end = normalized.indexOf('\n---', 4);
  if (end === -1) return fail('bad-front-matter', 'The front-matter block opened with --- is never closed.');
  const fields: ArticleFields = {};
  for (const [index, raw] of normalized.slice(4, end).split('\n').entries()) {
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
    if (value !== '' && value !== 'null') fields[key as ArticleField] = value;
  }
  // The closing line may be longer than three dashes.
  const body = normalized.slice(end + 4).replace(/^-*\n?/, '');
  return ok({ fields, body, hasFrontMatter: true });
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted?.[1] ?? value;
}
