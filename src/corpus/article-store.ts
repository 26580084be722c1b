import type { ArticleDraft, ArticleRecord, Scope } from './article-schema.js';
import { contentHash } from './content-hash.js';
import { slugify } from './slugify.js';
import { splitSentences } from './split-sentences.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/open-database.js';

/** How an article entered the store. */
export interface InsertOptions {
  scope: Scope;
  origin: 'data' | 'added';
  addedBy: string | null;
  now: Date;
  fileName?: string;
  fileHash?: string;
  /** When the article is removed by {@link ArticleStore.removeExpired}; never when not given (curated, hand-added). */
  expiresMs?: number | null;
}

/** One stored line of an article body. */
export interface StoredLine {
  line: number;
  text: string;
}

interface ArticleRow {
  rowid: number;
  id: string;
  scope: string;
  title: string;
  source: string;
  url: string | null;
  published: string;
  author: string | null;
  content_hash: string;
  origin: 'data' | 'added';
  added_by: string | null;
  added_at: string;
  line_count: number;
  file_name: string | null;
  file_hash: string | null;
}

/** A stored article with its internal row number and data-file bookkeeping. */
export interface StoredArticle extends ArticleRecord {
  rowid: number;
  fileName: string | null;
  fileHash: string | null;
}

/** Rows per multi-row `INSERT` (5 values a sentence row: well under SQLite's limit on parameters). */
const rowsPerInsert = 64;

/**
 * The key an article id is stored under. Ids are per scope: a server's article is stored as `<server>/<id>`, so the
 * id it gets depends only on what that server can see (its own and the curated articles), never on another server's.
 */
function storedId(scope: Scope, id: string): string {
  return scope === 'global' ? id : `${scope}/${id}`;
}

function toRecord(row: ArticleRow): StoredArticle {
  return {
    rowid: row.rowid,
    id: row.id.slice(row.id.indexOf('/') + 1),
    scope: row.scope,
    title: row.title,
    source: row.source,
    url: row.url,
    published: row.published,
    author: row.author,
    contentHash: row.content_hash,
    origin: row.origin,
    addedBy: row.added_by,
    addedAt: row.added_at,
    lineCount: row.line_count,
    fileName: row.file_name,
    fileHash: row.file_hash,
  };
}

/** Milliseconds since the epoch of a published value (a bare date is midnight UTC). */
export function publishedMs(published: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(published) ? `${published}T00:00:00Z` : published);
}

/** Reads and writes articles, their lines and sentences; every multi-row write is one transaction. */
export class ArticleStore {
  private readonly statements;
  /** `INSERT` statements for several rows at once, by table and row count. */
  private readonly multiRowInserts = new Map<string, Statement>();
  /** `SELECT`s of several articles by row number, by how many. */
  private readonly manyByRowid = new Map<number, Statement>();

  constructor(private readonly db: Db) {
    this.statements = {
      insertArticle: db.prepare(`INSERT INTO articles
        (id, scope, title, source, url, published, published_ms, author, content_hash, origin, file_name, file_hash,
         added_by, added_at, added_ms, line_count, expires_ms)
        VALUES (@id, @scope, @title, @source, @url, @published, @publishedMs, @author, @contentHash, @origin, @fileName,
         @fileHash, @addedBy, @addedAt, @addedMs, @lineCount, @expiresMs)`),
      idTaken: db.prepare('SELECT 1 FROM articles WHERE id = ?').pluck(),
      byId: db.prepare('SELECT * FROM articles WHERE id = ?'),
      byRowid: db.prepare('SELECT * FROM articles WHERE rowid = ?'),
      duplicateByHash: db.prepare(
        "SELECT * FROM articles WHERE content_hash = ? AND (scope = ? OR scope = 'global') ORDER BY scope = 'global' DESC LIMIT 1",
      ),
      duplicateByUrl: db.prepare(
        "SELECT * FROM articles WHERE url = ? AND (scope = ? OR scope = 'global') ORDER BY scope = 'global' DESC LIMIT 1",
      ),
      list: db.prepare(
        "SELECT * FROM articles WHERE scope = 'global' OR scope = ? ORDER BY published_ms DESC, id LIMIT ? OFFSET ?",
      ),
      count: db.prepare("SELECT count(*) FROM articles WHERE scope = 'global' OR scope = ?").pluck(),
      dataFiles: db.prepare("SELECT * FROM articles WHERE origin = 'data'"),
      lines: db.prepare(
        'SELECT line, text FROM lines WHERE article = ? AND line BETWEEN ? AND ? ORDER BY line',
      ),
      line: db.prepare('SELECT text FROM lines WHERE article = ? AND line = ?').pluck(),
      delete: db.prepare('DELETE FROM articles WHERE rowid = ?'),
      audit: db.prepare(
        'INSERT INTO audit_log (at, actor, action, article_id, scope, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      expired: db.prepare('SELECT * FROM articles WHERE expires_ms IS NOT NULL AND expires_ms <= ? LIMIT ?'),
      addedSince: db.prepare(
        `SELECT * FROM articles WHERE (scope = 'global' OR scope = ?) AND (added_ms > ? OR published_ms > ?)
         ORDER BY published_ms DESC, id LIMIT ?`,
      ),
    };
  }

  /**
   * Runs `work` in one IMMEDIATE transaction (the write lock taken at once, so two processes adding articles queue
   * instead of failing half way), committed when it returns and rolled back when it throws.
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Inserts rows of `width` values each, many rows per statement: one call into SQLite for up to 64 rows. */
  private insertRows(target: string, width: number, values: readonly (number | string)[]): void {
    for (let from = 0; from < values.length; from += width * rowsPerInsert) {
      const chunk = values.slice(from, from + width * rowsPerInsert);
      const rows = chunk.length / width;
      const key = `${target} ${rows}`;
      let statement = this.multiRowInserts.get(key);
      if (statement === undefined) {
        const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
        statement = this.db.prepare(
          `INSERT INTO ${target} VALUES ${Array.from({ length: rows }, () => row).join(', ')}`,
        );
        this.multiRowInserts.set(key, statement);
      }
      statement.run(chunk);
    }
  }

  /** Whether an id is already used among the articles visible in `scope`. */
  private idTaken(id: string, scope: Scope): boolean {
    if (this.statements.idTaken.get(id) !== undefined) return true;
    return scope !== 'global' && this.statements.idTaken.get(storedId(scope, id)) !== undefined;
  }

  /**
   * Picks an id for a new article in `scope`: the requested one, or a slug of the title, made unique with a number
   * among the articles visible there (its own and the curated ones), so it tells nothing about other servers.
   */
  private uniqueId(draft: ArticleDraft, scope: Scope): string {
    const base = draft.id ?? slugify(draft.title);
    let candidate = base;
    for (let suffix = 2; this.idTaken(candidate, scope); suffix++) candidate = `${base}-${suffix}`;
    return candidate;
  }

  /** The article already stored with the same text (by its content hash), or the same URL, visible in `scope`. */
  private findDuplicate(draft: ArticleDraft, hash: string, scope: Scope): StoredArticle | undefined {
    const byHash = this.statements.duplicateByHash.get(hash, scope) as ArticleRow | undefined;
    if (byHash) return toRecord(byHash);
    if (draft.url === null) return undefined;
    const byUrl = this.statements.duplicateByUrl.get(draft.url, scope) as ArticleRow | undefined;
    return byUrl ? toRecord(byUrl) : undefined;
  }

  /**
   * Stores an article with its lines and sentences, within a transaction the caller holds, unless the same text or
   * URL is already visible in `options.scope`: then nothing is stored and that article is returned as `duplicate`.
   */
  insertUnlessDuplicate(
    draft: ArticleDraft,
    options: InsertOptions,
  ): { stored: StoredArticle; duplicate?: never } | { duplicate: StoredArticle; stored?: never } {
    const hash = contentHash(draft.lines);
    const duplicate = this.findDuplicate(draft, hash, options.scope);
    if (duplicate) return { duplicate };
    const id = this.uniqueId(draft, options.scope);
    const addedAt = options.now.toISOString();
    const info = this.statements.insertArticle.run({
      id: storedId(options.scope, id),
      scope: options.scope,
      title: draft.title,
      source: draft.source,
      url: draft.url,
      published: draft.published,
      publishedMs: publishedMs(draft.published),
      author: draft.author,
      contentHash: hash,
      origin: options.origin,
      fileName: options.fileName ?? null,
      fileHash: options.fileHash ?? null,
      addedBy: options.addedBy,
      addedAt,
      addedMs: options.now.getTime(),
      lineCount: draft.lines.length,
      expiresMs: options.expiresMs ?? null,
    });
    const rowid = Number(info.lastInsertRowid);
    const lineValues: (number | string)[] = [];
    const sentenceValues: (number | string)[] = [];
    for (let index = 0; index < draft.lines.length; index++) {
      const text = draft.lines[index] ?? '';
      lineValues.push(rowid, index + 1, text);
      for (const sentence of splitSentences(text)) {
        sentenceValues.push(rowid, index + 1, sentence.start, sentence.end, sentence.text);
      }
    }
    this.insertRows('lines (article, line, text)', 3, lineValues);
    // Rows of one INSERT get ascending ids in the order given, so sentences keep their order.
    this.insertRows('sentences (article, line, start, end, text)', 5, sentenceValues);
    if (options.origin === 'added') {
      this.statements.audit.run(addedAt, options.addedBy, 'add', id, options.scope, draft.title);
    }
    return { stored: this.byRowid(rowid) as StoredArticle };
  }

  /**
   * The article with this id visible in `scope`: the scope's own article first, else a global one (global articles
   * are visible everywhere).
   */
  get(id: string, scope: Scope): StoredArticle | undefined {
    const own =
      scope === 'global'
        ? undefined
        : (this.statements.byId.get(storedId(scope, id)) as ArticleRow | undefined);
    const row = own ?? (this.statements.byId.get(id) as ArticleRow | undefined);
    // A row stored before ids were per scope keeps its plain id; it is still only visible in its own scope.
    if (!row || (row.scope !== 'global' && row.scope !== scope)) return undefined;
    return toRecord(row);
  }

  /** The article with this internal row number. */
  byRowid(rowid: number): StoredArticle | undefined {
    const row = this.statements.byRowid.get(rowid) as ArticleRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** The articles with these internal row numbers, read in one statement (those that exist). */
  byRowids(rowids: readonly number[]): StoredArticle[] {
    if (rowids.length === 0) return [];
    let statement = this.manyByRowid.get(rowids.length);
    if (statement === undefined) {
      statement = this.db.prepare(
        `SELECT * FROM articles WHERE rowid IN (${rowids.map(() => '?').join(', ')})`,
      );
      this.manyByRowid.set(rowids.length, statement);
    }
    return (statement.all(...rowids) as ArticleRow[]).map(toRecord);
  }

  /** Articles visible in `scope`, newest first. */
  list(scope: Scope, limit = 1000, offset = 0): StoredArticle[] {
    return (this.statements.list.all(scope, limit, offset) as ArticleRow[]).map(toRecord);
  }

  /** How many articles are visible in `scope`. */
  count(scope: Scope): number {
    return this.statements.count.get(scope) as number;
  }

  /** Articles in `scope` added or published after `sinceMs`, newest first. */
  newSince(scope: Scope, sinceMs: number, limit = 50): StoredArticle[] {
    return (this.statements.addedSince.all(scope, sinceMs, sinceMs, limit) as ArticleRow[]).map(toRecord);
  }

  /** Articles that came from `data/` files. */
  dataArticles(): StoredArticle[] {
    return (this.statements.dataFiles.all() as ArticleRow[]).map(toRecord);
  }

  /** Body lines `from` to `to` (inclusive, 1-based) of an article. */
  lines(rowid: number, from = 1, to = Number.MAX_SAFE_INTEGER): StoredLine[] {
    return this.statements.lines.all(rowid, from, to) as StoredLine[];
  }

  /** The text of one body line, if it exists. */
  line(rowid: number, line: number): string | undefined {
    return this.statements.line.get(rowid, line) as string | undefined;
  }

  /** Deletes an article with its lines and sentences, recording who removed it. */
  remove(article: StoredArticle, actor: string | null, now: Date): void {
    this.db
      .transaction(() => {
        this.statements.delete.run(article.rowid);
        if (article.origin === 'added') {
          this.statements.audit.run(
            now.toISOString(),
            actor,
            'remove',
            article.id,
            article.scope,
            article.title,
          );
        }
      })
      .immediate();
  }

  /**
   * Deletes up to `limit` articles whose expiry has passed (only articles stored with one, from feeds), recording each
   * in the audit log as expired, and returns them.
   */
  removeExpired(now: Date, limit = 500): StoredArticle[] {
    return this.db
      .transaction(() => {
        const expired = (this.statements.expired.all(now.getTime(), limit) as ArticleRow[]).map(toRecord);
        for (const article of expired) {
          this.statements.delete.run(article.rowid);
          this.statements.audit.run(
            now.toISOString(),
            null,
            'expire',
            article.id,
            article.scope,
            article.title,
          );
        }
        return expired;
      })
      .immediate();
  }

  /** Deletes within a transaction the caller already holds (data sync). */
  removeUnchecked(rowid: number): void {
    this.statements.delete.run(rowid);
  }
}
