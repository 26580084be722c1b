import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpTestServer, type HttpTestServer } from '../helpers/http-test-server.js';

/** One entry of a test feed; `path` is where its page is served (its link), `summary` what the feed says of it. */
export interface TestEntry {
  id: string;
  title: string;
  path: string;
  published: string;
  summary: string;
  /** Full text carried by the feed itself (content:encoded, Atom content, JSON Feed content_html). */
  content?: string;
  author?: string;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** An RSS 2.0 document with these entries, links on `origin`. */
export function rssFeed(title: string, entries: readonly TestEntry[], origin: string): string {
  const items = entries.map(
    (entry) => `<item>
      <title>${escapeXml(entry.title)}</title>
      <link>${origin}${entry.path}</link>
      <guid isPermaLink="false">${escapeXml(entry.id)}</guid>
      <pubDate>${new Date(entry.published).toUTCString()}</pubDate>
      <description>${escapeXml(entry.summary)}</description>
      ${entry.author ? `<dc:creator>${escapeXml(entry.author)}</dc:creator>` : ''}
      ${entry.content ? `<content:encoded><![CDATA[${entry.content}]]></content:encoded>` : ''}
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel><title>${escapeXml(title)}</title><link>${origin}/</link><description>Test wire</description>
  ${items.join('\n')}
  </channel>
</rss>`;
}

/** An Atom 1.0 document with these entries. */
export function atomFeed(title: string, entries: readonly TestEntry[], origin: string): string {
  const items = entries.map(
    (entry) => `<entry>
      <title>${escapeXml(entry.title)}</title>
      <id>${escapeXml(entry.id)}</id>
      <link rel="alternate" href="${origin}${entry.path}"/>
      <published>${entry.published}</published>
      <updated>${entry.published}</updated>
      ${entry.author ? `<author><name>${escapeXml(entry.author)}</name></author>` : ''}
      <summary>${escapeXml(entry.summary)}</summary>
      ${entry.content ? `<content type="html">${escapeXml(entry.content)}</content>` : ''}
    </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeXml(title)}</title><id>${origin}/atom</id>
<updated>2025-09-01T00:00:00Z</updated>${items.join('\n')}</feed>`;
}

/** A JSON Feed 1.1 document with these entries. */
export function jsonFeed(title: string, entries: readonly TestEntry[], origin: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: `${origin}/`,
    items: entries.map((entry) => ({
      id: entry.id,
      url: `${origin}${entry.path}`,
      title: entry.title,
      summary: entry.summary,
      ...(entry.content ? { content_html: entry.content } : {}),
      date_published: entry.published,
      ...(entry.author ? { authors: [{ name: entry.author }] } : {}),
    })),
  });
}

/** An RDF (RSS 1.0) document with these entries. */
export function rdfFeed(title: string, entries: readonly TestEntry[], origin: string): string {
  const items = entries.map(
    (entry) => `<item rdf:about="${origin}${entry.path}">
      <title>${escapeXml(entry.title)}</title><link>${origin}${entry.path}</link>
      <description>${escapeXml(entry.summary)}</description><dc:date>${entry.published}</dc:date>
    </item>`,
  );
  return `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="${origin}/"><title>${escapeXml(title)}</title><link>${origin}/</link><description>d</description></channel>
${items.join('\n')}</rdf:RDF>`;
}

/** A news page carrying an article's full text, one paragraph per `<p>`. */
export function articlePage(title: string, paragraphs: readonly string[]): string {
  const body = paragraphs.map((paragraph) => `<p>${escapeXml(paragraph)}</p>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${escapeXml(title)}</h1>${body}</article><footer>© Test Wire</footer></body></html>`;
}

/** A feed route whose document can change; it answers 304 to a request that sends back its current ETag. */
export interface ConditionalFeed {
  /** Replaces the document served (and so its ETag). */
  set(document: string): void;
  /** How many times it answered 200 and 304. */
  readonly served: { full: number; notModified: number };
}

/** A loopback server for feeds and the pages their entries link. */
export interface FeedServer {
  http: HttpTestServer;
  origin: string;
  url(path: string): string;
  /** Serves a feed document at `path` with ETag / If-None-Match and Last-Modified / If-Modified-Since. */
  feed(path: string, document: string, contentType?: string): ConditionalFeed;
  /** Serves an HTML page at `path`. */
  page(path: string, html: string): void;
  /** Serves a fixed answer at `path`. */
  status(path: string, status: number, headers?: Record<string, string>, body?: string): void;
  /** The paths requested, in order (query left out). */
  paths(): string[];
  close(): Promise<void>;
}

/** Starts a loopback feed server on a random port. */
export async function startFeedServer(): Promise<FeedServer> {
  const http = await startHttpTestServer();
  return {
    http,
    origin: http.origin,
    url: (path) => http.url(path),
    feed(path, document, contentType = 'application/rss+xml; charset=utf-8') {
      let current = document;
      const served = { full: 0, notModified: 0 };
      const lastModified = new Date('2025-09-01T06:00:00Z').toUTCString();
      http.route(path, (request: IncomingMessage, response: ServerResponse) => {
        const etag = `"${createHash('sha256').update(current).digest('hex').slice(0, 16)}"`;
        if (request.headers['if-none-match'] === etag) {
          served.notModified++;
          response.writeHead(304, { etag });
          response.end();
          return;
        }
        served.full++;
        response.writeHead(200, { 'content-type': contentType, etag, 'last-modified': lastModified });
        response.end(current);
      });
      return {
        set(next) {
          current = next;
        },
        served,
      };
    },
    page(path, html) {
      http.route(path, { headers: { 'content-type': 'text/html; charset=utf-8' }, body: html });
    },
    status(path, status, headers = {}, body = '') {
      http.route(path, { status, headers: { 'content-type': 'text/plain', ...headers }, body });
    },
    paths: () => http.requests.map((request) => request.path.split('?')[0] ?? request.path),
    close: () => http.close(),
  };
}

/** Full-text paragraphs of a test article (long enough to be read as an article, not a teaser). */
export function storyParagraphs(subject: string): string[] {
  return [
    `RIGA, September 1 (Baltic Wire) - The port of ${subject} reopened to grain shipments on Monday, transport minister Kaspars Briskens said.`,
    `"We expect 40 ships in the first month," Briskens told reporters at the ${subject} terminal, adding that repairs had cost 12 million euros.`,
    `The port was closed in June after a fire damaged two of its five grain terminals, and shipping companies had diverted cargo to Klaipeda.`,
  ];
}

/** A test entry about a port story; its page is at `/news/<subject>`. */
export function testEntry(
  n: number,
  subject: string,
  published: string,
  extra: Partial<TestEntry> = {},
): TestEntry {
  return {
    id: `urn:wire:${n}`,
    title: `${subject} port reopens to grain shipments`,
    path: `/news/${subject.toLowerCase()}`,
    published,
    summary: `The port of ${subject} reopened on Monday.`,
    author: 'Ilze Kalnina',
    ...extra,
  };
}

/** Serves each entry's page with the full text of its story (about the first word of its title). */
export function serveStories(server: FeedServer, entries: readonly TestEntry[]): void {
  for (const item of entries) {
    server.page(item.path, articlePage(item.title, storyParagraphs(item.title.split(' ')[0] ?? '')));
  }
}
