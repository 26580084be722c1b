import type { StoredArticle } from '../corpus/article-store.js';
import type { Citation } from './answer-schema.js';

/** Numbers quotes as citations, giving the same article line and quote the same number. */
export class CitationList {
  readonly citations: Citation[] = [];

  /** Adds a verified quote from `article` line `line` and returns its citation number. */
  add(article: StoredArticle, line: number, quote: string): number {
    const existing = this.citations.find(
      (citation) => citation.articleId === article.id && citation.line === line && citation.quote === quote,
    );
    if (existing) return existing.n;
    const n = this.citations.length + 1;
    this.citations.push({
      n,
      articleId: article.id,
      title: article.title,
      source: article.source,
      url: article.url,
      published: article.published,
      line,
      quote,
    });
    return n;
  }
}
