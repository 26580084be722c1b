import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Deps } from '../deps.js';
import type { ArticleDraft } from './article-schema.js';
import { parseArticleBytes } from './parse-article-bytes.js';
import { readArticleFile } from './read-article-file.js';

/** What a sync changed, and the files it could not use (each with the reason in words). */
export interface SyncReport {
  directory: string;
  /** The folder does not exist: nothing was synced, and curated articles stored before are kept. */
  missing: boolean;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  problems: { file: string; message: string }[];
}

/** The file types read from the curated folder. */
const curatedExtensions = new Set(['.txt', '.md']);

/**
 * Brings the global, curated articles in the store in line with the `.txt` and `.md` files in `directory` (new,
 * changed and deleted files), idempotently and in one transaction, each file read through `parseArticleBytes` like
 * any other article (its name is its id unless its front matter gives one). A file that cannot be used is reported
 * and its stored copy kept; a missing folder changes nothing. Nothing is logged: the front end reports
 * {@link syncWarnings} once per start.
 */
export function syncDataDir(
  deps: Pick<Deps, 'articles' | 'clock' | 'logger'>,
  directory: string,
): SyncReport {
  const report: SyncReport = {
    directory,
    missing: !existsSync(directory),
    added: 0,
    updated: 0,
    removed: 0,
    unchanged: 0,
    problems: [],
  };
  if (report.missing) return report;
  const files = readdirSync(directory)
    .filter((name) => curatedExtensions.has(extname(name).toLowerCase()))
    .sort();
  const stored = new Map(deps.articles.dataArticles().map((article) => [article.fileName, article]));
  const changes: { fileName: string; fileHash: string; draft: ArticleDraft; replaces: number | null }[] = [];
  const keep = new Set<string>();
  for (const fileName of files) {
    keep.add(fileName);
    const bytes = readArticleFile(join(directory, fileName));
    if (!bytes.ok) {
      report.problems.push({ file: fileName, message: bytes.message });
      continue;
    }
    const fileHash = createHash('sha256').update(bytes.value).digest('hex');
    const existing = stored.get(fileName);
    if (existing?.fileHash === fileHash) {
      report.unchanged++;
      continue;
    }
    const draft = parseArticleBytes(bytes.value, { fileName, defaults: { id: idFromFileName(fileName) } });
    if (!draft.ok) {
      report.problems.push({ file: fileName, message: draft.message });
      continue;
    }
    changes.push({ fileName, fileHash, draft: draft.value, replaces: existing?.rowid ?? null });
  }
  const now = deps.clock.now();
  deps.articles.transaction(() => {
    for (const [fileName, article] of stored) {
      if (fileName !== null && !keep.has(fileName)) {
        deps.articles.removeUnchecked(article.rowid);
        report.removed++;
      }
    }
    for (const change of changes) {
      if (change.replaces !== null) deps.articles.removeUnchecked(change.replaces);
      const inserted = deps.articles.insertUnlessDuplicate(change.draft, {
        scope: 'global',
        origin: 'data',
        addedBy: null,
        now,
        fileName: change.fileName,
        fileHash: change.fileHash,
      });
      if (inserted.duplicate) {
        report.problems.push({
          file: change.fileName,
          message: `It has the same text or link as "${inserted.duplicate.id}" (${inserted.duplicate.fileName ?? 'added by a moderator'}).`,
        });
        continue;
      }
      if (change.replaces !== null) report.updated++;
      else report.added++;
    }
  });
  if (report.added + report.updated + report.removed > 0) {
    deps.logger.info('synced the curated articles', {
      directory,
      added: report.added,
      updated: report.updated,
      removed: report.removed,
    });
  }
  return report;
}

/** What a sync report should tell an operator, one sentence each: a missing folder, and each file not used. */
export function syncWarnings(report: SyncReport): string[] {
  if (report.missing) {
    return [
      `The curated articles folder ${report.directory} does not exist, so nothing was synced from it (set NEWSDESK_ARTICLES_DIR, or start newsdesk from its own folder).`,
    ];
  }
  return report.problems.map(
    (problem) => `Skipped ${join(report.directory, problem.file)}: ${problem.message}`,
  );
}

function idFromFileName(fileName: string): string {
  return basename(fileName, extname(fileName))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
