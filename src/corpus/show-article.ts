import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import type { Scope } from './article-schema.js';
import type { StoredArticle, StoredLine } from './article-store.js';
import { parseLineRange, type LineRange } from './parse-line-range.js';

/** An article with the lines asked for. */
export interface ShownArticle {
  article: StoredArticle;
  range: LineRange;
  lines: StoredLine[];
}

/**
 * An article visible in `scope` with its numbered lines, all of them or those `lines` asks for (`5`, `3-8`; see
 * `parseLineRange`): the same lines and the same refusals on every front end.
 */
export function showArticle(
  deps: Pick<Deps, 'articles'>,
  request: { id: string; scope: Scope; lines?: string | null | undefined },
): Result<ShownArticle, 'not-found' | 'bad-range'> {
  const article = deps.articles.get(request.id, request.scope);
  if (!article) return fail('not-found', `No article with the id "${request.id}".`);
  const range = parseLineRange(request.lines, article.lineCount);
  if (!range.ok) return range;
  return ok({
    article,
    range: range.value,
    lines: deps.articles.lines(article.rowid, range.value.from, range.value.to),
  });
}
