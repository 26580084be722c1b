import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Deps } from '../deps.js';
import { toDraft } from './add-article.js';
import type { ArticleDraft } from './article-schema.js';
import { parseFrontMatter } from './parse-front-matter.js';

/** What a sync changed, and the files it could not read (each with a reason). */
export interface SyncReport {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  problems: { file: string; message: string }[];
}

/**
 * Brings the global, curated articles in the store in line with the files in `directory` (new, changed and deleted
 * files), idempotently and in one transaction. A file that cannot be read is reported and its stored copy kept.
 */
export function syncDataDir(
  deps: Pick<Deps, 'articles' | 'clock' | 'logger'>,
  directory: string,
): SyncReport {
  const report: SyncReport = { added: 0, updated: 0, removed: 0, unchanged: 0, problems: [] };
  const files = existsSync(directory)
    ? readdirSync(directory)
        .filter((name) => ['.txt', '.md'].includes(extname(name)))
        .sort()
    : [];
  const stored = new Map(deps.articles.dataArticles().map((article) => [article.fileName, article]));
  const changes: { fileName: string; fileHash: string; draft: ArticleDraft; replaces: number | null }[] = [];
  const keep = new Set<string>();
  for (const fileName of files) {
    keep.add(fileName);
    const bytes = readFileSync(join(directory, fileName));
    const fileHash = createHash('sha256').update(bytes).digest('hex');
    const existing = stored.get(fileName);
    if (existing?.fileHash === fileHash) {
      report.unchanged++;
      continue;
    }
    const parsed = parseFrontMatter(bytes.toString('utf8'));
    const draft = parsed.ok
      ? toDraft({ ...parsed.value, id: parsed.value.id ?? idFromFileName(fileName) }, {})
      : parsed;
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
          message: `same text or URL as "${inserted.duplicate.id}"`,
        });
        continue;
      }
      if (change.replaces !== null) report.updated++;
      else report.added++;
    }
  });
  for (const problem of report.problems) deps.logger.warn('skipped an article file', problem);
  if (report.added + report.updated + report.removed > 0) {
    deps.logger.info('synced data/articles', { ...report, problems: report.problems.length });
  }
  return report;
}

function idFromFileName(fileName: string): string {
  return basename(fileName, extname(fileName))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
