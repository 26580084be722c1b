import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import type { Scope } from './article-schema.js';
import type { StoredArticle } from './article-store.js';

/** Why an article cannot be removed where it was asked for. */
export type RemoveArticleFailure = 'not-found' | 'curated';

/**
 * Why `article` may not be removed in `scope`, or null when it may: only an article added in that scope can be.
 * Curated articles come from `data/articles/` and are removed by deleting their file.
 */
export function removalBlocker(article: StoredArticle, scope: Scope): RemoveArticleFailure | null {
  if (article.origin === 'data') return 'curated';
  return article.scope === scope ? null : 'not-found';
}

/** The article with this id if it may be removed in `scope` (see {@link removalBlocker}), or why not. */
export function findRemovable(
  deps: Pick<Deps, 'articles'>,
  id: string,
  scope: Scope,
): Result<StoredArticle, RemoveArticleFailure> {
  const article = deps.articles.get(id, scope);
  if (!article) return fail('not-found', `No article with the id "${id}".`);
  switch (removalBlocker(article, scope)) {
    case 'curated':
      return fail(
        'curated',
        `"${id}" is a curated article from data/articles/; remove its file there (it is synced at start).`,
      );
    case 'not-found':
      return fail('not-found', `No article with the id "${id}" was added here.`);
    case null:
      return ok(article);
  }
}

/** Removes an article added in `scope`, recording who removed it (see {@link findRemovable} for what may go). */
export function removeArticle(
  deps: Pick<Deps, 'articles' | 'clock' | 'logger'>,
  id: string,
  scope: Scope,
  actor: string | null,
): Result<StoredArticle, RemoveArticleFailure> {
  const found = findRemovable(deps, id, scope);
  if (!found.ok) return found;
  deps.articles.remove(found.value, actor, deps.clock.now());
  deps.logger.info('article removed', { id, scope });
  return found;
}
