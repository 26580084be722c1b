import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import type { FeedSettings } from './feed.js';
import type { FeedStore } from './feed-store.js';
import { readFeedSettings } from './read-feed-settings.js';

/** What syncing the curated feeds file changed, and the entries (or the file) it could not use. */
export interface FeedsFileReport {
  path: string;
  /** The file does not exist: nothing was synced, and curated feeds stored before are kept. */
  missing: boolean;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  problems: { feed: string; message: string }[];
}

const FeedsFileSchema = z.object({ feeds: z.array(z.unknown()) }).strict();

/** One curated feed as the file writes it. */
const FileFeedSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) address' }).max(2000),
    every: z.string().optional(),
    include: z.array(z.string()).optional(),
    exclude: z.array(z.string()).optional(),
    body: z.string().optional(),
  })
  .strict();

function sameSettings(a: FeedSettings, b: FeedSettings): boolean {
  return (
    JSON.stringify([a.include, a.exclude, a.everyMinutes, a.body]) ===
    JSON.stringify([b.include, b.exclude, b.everyMinutes, b.body])
  );
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'it'} ${issue.message}`).join('; ');
}

/**
 * Brings the curated, global feeds in line with the feeds file (JSON: `{"feeds": [{"url", "every", "include",
 * "exclude", "body"}]}`), in one transaction: new feeds are added, changed ones updated (keeping what they have seen),
 * removed ones deleted. A feed that cannot be used is reported and its stored copy kept; a file that cannot be read
 * changes nothing. Nothing is logged: the front end reports {@link feedsFileWarnings} once per start.
 */
export function syncFeedsFile(
  deps: Pick<Deps, 'config' | 'clock'>,
  store: FeedStore,
  path: string,
): FeedsFileReport {
  const report: FeedsFileReport = {
    path,
    missing: !existsSync(path),
    added: 0,
    updated: 0,
    removed: 0,
    unchanged: 0,
    problems: [],
  };
  if (report.missing) return report;
  let document: z.infer<typeof FeedsFileSchema>;
  try {
    const parsed = FeedsFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      report.problems.push({ feed: path, message: `The file is not a feeds file: ${issues(parsed.error)}.` });
      return report;
    }
    document = parsed.data;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    report.problems.push({ feed: path, message: `The file cannot be read as JSON: ${reason}` });
    return report;
  }
  const now = deps.clock.now();
  store.transaction(() => {
    const listed = new Set<string>();
    document.feeds.forEach((raw, index) => {
      const named = `feed ${index + 1}`;
      const rawUrl = (raw as { url?: unknown } | null)?.url;
      if (typeof rawUrl === 'string') listed.add(rawUrl);
      const entry = FileFeedSchema.safeParse(raw);
      if (!entry.success) {
        report.problems.push({ feed: named, message: issues(entry.error) });
        return;
      }
      const settings = readFeedSettings(entry.data, deps.config);
      if (!settings.ok) {
        report.problems.push({ feed: entry.data.url, message: settings.message });
        return;
      }
      const existing = store.byUrl('global', entry.data.url);
      if (existing && !existing.fromFile) {
        report.problems.push({
          feed: entry.data.url,
          message: `It is already followed (feed #${existing.id}, added from the terminal); remove that one first.`,
        });
        return;
      }
      if (!existing) {
        store.add(
          {
            ...settings.value,
            scope: 'global',
            url: entry.data.url,
            title: null,
            fromFile: true,
            createdBy: null,
          },
          now,
        );
        report.added++;
      } else if (sameSettings(existing, settings.value)) {
        report.unchanged++;
      } else {
        store.updateSettings(existing.id, settings.value);
        report.updated++;
      }
    });
    for (const feed of store.fileFeeds()) {
      if (listed.has(feed.url)) continue;
      store.remove(feed.id);
      report.removed++;
    }
  });
  return report;
}

/** The problems of a feeds file sync in words, one line each, for the front end to show once. */
export function feedsFileWarnings(report: FeedsFileReport): string[] {
  return report.problems.map(
    (problem) => `The curated feeds file ${report.path}: ${problem.feed} is not used: ${problem.message}`,
  );
}
