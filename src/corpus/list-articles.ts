import type { Deps } from '../deps.js';
import type { Scope } from './article-schema.js';
import type { StoredArticle } from './article-store.js';

/** One page of the articles visible somewhere, newest first, and where it sits among all of them. */
export interface ArticlePage {
  articles: StoredArticle[];
  /** The page shown, from 1: the one asked for, kept within 1 to `pages`. */
  page: number;
  pages: number;
  total: number;
}

/** The articles visible in `scope` (its own and the curated ones), newest first, a page at a time. */
export function listArticles(
  deps: Pick<Deps, 'articles'>,
  scope: Scope,
  options: { page?: number; pageSize?: number } = {},
): ArticlePage {
  const pageSize = options.pageSize ?? 1000;
  const total = deps.articles.count(scope);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1) || 1), pages);
  return { articles: deps.articles.list(scope, pageSize, (page - 1) * pageSize), page, pages, total };
}
