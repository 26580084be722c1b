import { parseArgs } from 'node:util';
import type { Deps } from '../deps.js';
import { countOf } from '../count-of.js';
import { changeFeed } from '../feeds/change-feed.js';
import type { Feed } from '../feeds/feed.js';
import { FeedPoller, type FeedPollReport } from '../feeds/feed-poller.js';
import { describeInterval } from '../feeds/parse-interval.js';
import { subscribeFeed } from '../feeds/subscribe-feed.js';
import { problem, UsageError, withUsage, writeJson, type TerminalOutput } from './run-cli-command.js';

/** The help text of `npm run feed`. */
export const feedUsage = `Usage: npm run feed -- <command>
  add <url> [--every 30m] [--include word,phrase] [--exclude word] [--body auto|page|feed] [--json]
  list [--json]
  remove <id> [--json]
  poll [--json]      read every feed now and print what was added
With --json, the result (or {"error": {"code", "message"}}) is one JSON document on standard output.`;

const terminalUser = 'terminal';

function publicFeed(feed: Feed) {
  const { etag, lastModified, ...rest } = feed;
  return { ...rest, nextPoll: new Date(feed.nextPollMs).toISOString() };
}

function feedLine(feed: Feed): string {
  const origin = feed.fromFile ? 'curated' : `added by ${feed.createdBy ?? 'unknown'}`;
  const state = feed.pausedReason === null ? '' : `  PAUSED: ${feed.pausedReason}`;
  return `#${feed.id}  ${feed.title ?? '(not read yet)'}  ${feed.url}  every ${describeInterval(feed.everyMinutes)}, ${feed.body} text, ${origin}${state}`;
}

function pollLines(report: FeedPollReport, feed: Feed | undefined): string[] {
  const name = `Feed #${report.feedId} (${feed?.title ?? report.url})`;
  if (report.outcome === 'failed') return [`${name}: failed: ${report.message ?? ''}`];
  if (report.outcome === 'paused') return [`${name}: paused: ${report.message ?? ''}`];
  if (report.outcome === 'not-modified') return [`${name}: nothing new (not modified).`];
  const left = Object.entries(report.left)
    .map(([why, count]) => `${count} ${why}`)
    .join(', ');
  return [
    `${name}: ${countOf(report.added.length, 'article')} added${left === '' ? '' : ` (left out: ${left})`}.`,
    ...report.added.map(
      (added) => `  + ${added.articleId}  ${added.title}${added.url ? `  ${added.url}` : ''}`,
    ),
  ];
}

/**
 * Runs `npm run feed -- add|list|remove|poll` for the terminal's (global) feeds and returns the exit code: 0 done, 1
 * could not be done, 2 not understood. `poll` reads every active feed of every scope now; posts it queues for feeds
 * with a channel are sent by the bot.
 */
export function runFeedCommand(
  deps: Deps,
  words: readonly string[],
  output: TerminalOutput,
): Promise<number> {
  return withUsage(words.includes('--json'), feedUsage, output, async () => {
    const [action, ...rest] = words;
    const { values, positionals } = parseArgs({
      args: rest,
      options: {
        json: { type: 'boolean', default: false },
        every: { type: 'string' },
        include: { type: 'string' },
        exclude: { type: 'string' },
        body: { type: 'string' },
      },
      allowPositionals: true,
    });
    const json = values.json;
    const one = (what: string): string => {
      const [target, ...extra] = positionals;
      if (target === undefined) throw new UsageError(`Please give ${what}.`);
      if (extra.length > 0)
        throw new UsageError(`feed ${action} takes one ${what}; got ${positionals.length}.`);
      return target;
    };
    const none = (): void => {
      if (positionals.length > 0)
        throw new UsageError(
          `feed ${action} takes no ${positionals.length === 1 ? 'argument' : 'arguments'}.`,
        );
    };
    switch (action) {
      case 'add': {
        const added = await subscribeFeed(deps, {
          url: one('a feed address (or a page of the site)'),
          scope: 'global',
          createdBy: terminalUser,
          every: values.every,
          include: values.include,
          exclude: values.exclude,
          body: values.body,
        });
        if (!added.ok) return problem(output, json, added.reason, added.message);
        const { feed, entries } = added.value;
        if (json) writeJson(output, { feed: publicFeed(feed), entries });
        else
          output.out(
            `Following feed #${feed.id} (${feed.title ?? feed.url}), ${entries === 1 ? '1 entry' : `${entries} entries`} now, read every ${describeInterval(feed.everyMinutes)}. Run "feed poll" to read it now.`,
          );
        return 0;
      }
      case 'list': {
        none();
        const feeds = deps.feeds.list('global');
        if (json) writeJson(output, feeds.map(publicFeed));
        else if (feeds.length === 0) output.out('No feeds yet. Add one with: feed add <url>');
        else for (const feed of feeds) output.out(feedLine(feed));
        return 0;
      }
      case 'remove': {
        const id = one('a feed id');
        if (!/^\d+$/.test(id)) throw new UsageError(`"${id}" is not a feed id; list them with: feed list`);
        const removed = changeFeed(deps, Number(id), 'global', 'remove', terminalUser);
        if (!removed.ok) return problem(output, json, removed.reason, removed.message);
        if (json) writeJson(output, { removed: publicFeed(removed.value) });
        else
          output.out(
            `Removed feed #${removed.value.id} (${removed.value.title ?? removed.value.url}); its articles stay until they expire.`,
          );
        return 0;
      }
      case 'poll': {
        none();
        const report = await new FeedPoller(deps, null).pollAll();
        const failed = report.polls.some((poll) => poll.outcome === 'failed' || poll.outcome === 'paused');
        if (json) {
          writeJson(output, { polls: report.polls, expired: report.expired });
          return failed ? 1 : 0;
        }
        if (report.polls.length === 0) output.out('No feeds to read. Add one with: feed add <url>');
        for (const poll of report.polls) {
          const text = pollLines(poll, deps.feeds.get(poll.feedId)).join('\n');
          if (poll.outcome === 'failed' || poll.outcome === 'paused') output.err(text);
          else output.out(text);
        }
        if (report.expired > 0) output.out(`${countOf(report.expired, 'old feed article')} expired.`);
        return failed ? 1 : 0;
      }
      default:
        throw new UsageError(action === undefined ? 'Give a command.' : `Unknown feed command "${action}".`);
    }
  });
}
