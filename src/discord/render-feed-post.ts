import type { FeedPostItem } from '../feeds/feed-poller.js';
import { link, markdown, untrustedWithin } from './discord-markdown.js';
import type { OutgoingMessage } from './discord-output.js';

/**
 * Renders a new feed article as one Discord message: its title linked to its own stored URL (nothing else linked),
 * its source and date, and its lead sentence as a quote verified against the stored line, with the line number.
 */
export function renderFeedPost(item: FeedPostItem): OutgoingMessage {
  // `preview: false` keeps Discord from embedding the page; a URL that cannot be linked safely leaves the title bare.
  const title = link(untrustedWithin(item.title, 300), item.url ?? '', { preview: false });
  const heading = markdown`**${title}**\n${untrustedWithin(item.source, 100)} · ${item.published.slice(0, 10)}`;
  const lead =
    item.lead === null
      ? markdown``
      : markdown`\n\u201c${untrustedWithin(item.lead.quote, 900)}\u201d (line ${item.lead.line})`;
  return {
    content: markdown`${heading}${lead}\n-# New from a feed · ask me about it with /ask · article ${untrustedWithin(item.articleId, 100)}`,
  };
}
