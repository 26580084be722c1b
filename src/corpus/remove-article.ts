import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import type { StoredArticle } from './article-store.js';
import type { Scope } from './article-schema.js';

/**
 * Removes an article added in `scope`. Curated articles come from `data/articles/` and are removed by deleting
 * their file, so they are refused here unless `scope` is global (the terminal).
 */
export function removeArticle(
  deps: Pick<Deps, 'articles' | 'clock' | 'logger'>,
  id: string,
  scope: Scope,
  actor: string | null,
): Result<StoredArticle, 'not-found' | 'curated'> {
  const article = deps.articles.get(id, scope);
  if (!article) return fail('not-found', `No article with the id "${id}".`);
  if (article.origin === 'data') {
    return fail(
      'curated',
      `"${id}" is a curated article from data/articles/; remove its file there (it is synced at start).`,
    );
  }
  if (article.scope !== scope) return fail('not-found', `No article with the id "${id}" was added here.`);
  deps.articles.remove(article, actor, deps.clock.now());
  deps.logger.info('article removed', { id, scope });
  return ok(article);
}
