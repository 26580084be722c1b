import { parseHTML } from 'linkedom';

/** The media types a page's `<link rel="alternate">` gives its feeds. */
const feedTypes = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  'text/xml',
  'application/xml',
]);

/** The most feed links taken from one page. */
const maxLinks = 5;

interface LinkElement {
  getAttribute(name: string): string | null;
}

/**
 * The feeds a web page announces (feed autodiscovery): the http(s) targets of its `<link rel="alternate">` elements
 * whose type is a feed's, resolved against the page's address, in page order, without repeats.
 */
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
  const { document } = parseHTML(html) as unknown as {
    document: { querySelectorAll(selector: string): ArrayLike<LinkElement> };
  };
  const found: string[] = [];
  for (const element of Array.from(document.querySelectorAll('link[rel][href]'))) {
    const rel = (element.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (element.getAttribute('type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!rel.includes('alternate') || !feedTypes.has(type)) continue;
    let target: URL;
    try {
      target = new URL(element.getAttribute('href') ?? '', pageUrl);
    } catch {
      continue;
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') continue;
    if (!found.includes(target.href)) found.push(target.href);
    if (found.length === maxLinks) break;
  }
  return found;
}
