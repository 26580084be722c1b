import { afterEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { fetchArticleUrl } from '../../src/corpus/fetch-article-url.js';
import { publicOnlyAgent, publicOnlyLookup } from '../../src/corpus/fetch-public-url.js';
import { isPrivateAddress } from '../../src/corpus/is-private-address.js';
import { startHttpTestServer, type HttpTestServer } from '../helpers/http-test-server.js';

const articlePage = `<!doctype html>
<html lang="en"><head>
<title>Library reopens after fire - Northern Post</title>
<meta property="og:site_name" content="Northern Post">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Library reopens after fire",
 "datePublished":"2025-08-21T16:45:00Z","author":[{"@type":"Person","name":"Ines Marlow"}]}
</script>
<script>document.write('ads');</script>
</head><body>
<header><a href="/">Northern Post</a><nav><a href="/news">News</a> <a href="/opinion">Opinion</a></nav></header>
<main><article>
<h1>Library reopens after fire</h1>
<p>The central library reopened on Thursday, eighteen months after a fire destroyed its reading room and much of its local history collection.</p>
<p>Volunteers restored more than four thousand water-damaged books, the head librarian told reporters at the reopening.</p>
<blockquote><p>People kept asking when they could come back, and today they can.</p></blockquote>
</article></main>
<footer>Contact us</footer>
</body></html>`;

const menuPage = `<!doctype html><html><head><title>Northern Post</title>
<script src="/bundle.js"></script><script>window.__STATE__ = {"menu": ["news", "sport"]};</script>
<style>.menu { display: flex; }</style></head>
<body><div class="menu"><a href="/news">News</a><a href="/sport">Sport</a><a href="/weather">Weather</a></div>
<nav><ul><li><a href="/a">Subscribe</a></li><li><a href="/b">Sign in</a></li></ul></nav>
<div id="app"></div><noscript>Please enable JavaScript to read this site.</noscript></body></html>`;

const servers: HttpTestServer[] = [];
async function serve(...routes: Parameters<typeof startHttpTestServer>): Promise<HttpTestServer> {
  const server = await startHttpTestServer(...routes);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('fetchArticleUrl', () => {
  it('extracts title, source, date, author and paragraphs from an article page', async () => {
    const server = await serve({ '/library': { body: articlePage } });
    const result = await fetchArticleUrl(server.url('/library'), { allowPrivate: true });
    expect(result).toEqual({
      ok: true,
      value: {
        id: null,
        title: 'Library reopens after fire',
        source: 'Northern Post',
        url: server.url('/library'),
        published: '2025-08-21T16:45:00Z',
        author: 'Ines Marlow',
        lines: [
          'The central library reopened on Thursday, eighteen months after a fire destroyed its reading room and much of its local history collection.',
          'Volunteers restored more than four thousand water-damaged books, the head librarian told reporters at the reopening.',
          'People kept asking when they could come back, and today they can.',
        ],
      },
    });
  });

  it('refuses a page of scripts and menus as having no article text', async () => {
    const server = await serve({ '/': { body: menuPage } });
    const result = await fetchArticleUrl(server.url('/'), { allowPrivate: true });
    expect(!result.ok && result.reason).toBe('no-article-text');
  });

  it('reports a 404 as an HTTP error that says the page was not found', async () => {
    const server = await serve();
    const result = await fetchArticleUrl(server.url('/gone'), { allowPrivate: true });
    expect(result).toEqual({
      ok: false,
      reason: 'http-error',
      message: '127.0.0.1 answered 404 Not Found; the page was not found, so check the link.',
    });
  });

  it('gives up on a server that does not answer in time', async () => {
    const server = await serve({ '/slow': () => {} });
    const result = await fetchArticleUrl(server.url('/slow'), { allowPrivate: true, timeoutMs: 300 });
    expect(!result.ok && result.reason).toBe('timeout');
    expect(!result.ok && result.message).toMatch(/within 0\.3 seconds/);
  });

  it('gives up on a body that starts but never finishes in time', async () => {
    const server = await serve({
      '/trickle': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.write('<html><body><p>The first part arrives');
      },
    });
    const result = await fetchArticleUrl(server.url('/trickle'), { allowPrivate: true, timeoutMs: 300 });
    expect(!result.ok && result.reason).toBe('timeout');
  });

  it('stops reading a body that grows past the size limit', async () => {
    const chunk = `<p>${'word '.repeat(200)}</p>`;
    const server = await serve({
      '/huge': (_request, response) => {
        // No content-length: the limit has to be enforced while streaming.
        response.writeHead(200, { 'content-type': 'text/html' });
        for (let written = 0; written < 3_000_000; written += chunk.length) response.write(chunk);
        response.end();
      },
    });
    const result = await fetchArticleUrl(server.url('/huge'), { allowPrivate: true });
    expect(!result.ok && result.reason).toBe('too-large');
    expect(!result.ok && result.message).toMatch(/larger than 2 MB/);
  });

  it('refuses a body whose declared length is past the size limit', async () => {
    const server = await serve({ '/declared': { body: 'x'.repeat(5000) } });
    const result = await fetchArticleUrl(server.url('/declared'), { allowPrivate: true, maxBytes: 1000 });
    expect(!result.ok && result.reason).toBe('too-large');
  });

  it('follows a redirect chain and keeps the final address', async () => {
    const server = await serve({
      '/short': { status: 301, headers: { location: '/middle' } },
      '/middle': (_request, response) => {
        response.writeHead(302, { location: `${server.origin}/final?from=middle` });
        response.end();
      },
      '/final': { body: articlePage },
    });
    const result = await fetchArticleUrl(server.url('/short'), { allowPrivate: true });
    expect(result.ok && result.value.url).toBe(server.url('/final?from=middle'));
    expect(result.ok && result.value.title).toBe('Library reopens after fire');
    expect(server.requests.map((request) => request.path)).toEqual([
      '/short',
      '/middle',
      '/final?from=middle',
    ]);
  });

  it('stops after five redirects', async () => {
    const routes = Object.fromEntries(
      Array.from({ length: 7 }, (_, index) => [
        `/hop${index}`,
        { status: 302, headers: { location: `/hop${index + 1}` } },
      ]),
    );
    const server = await serve(routes);
    const result = await fetchArticleUrl(server.url('/hop0'), { allowPrivate: true });
    expect(!result.ok && result.reason).toBe('http-error');
    expect(!result.ok && result.message).toMatch(/more than 5 times/);
    expect(server.requests).toHaveLength(6);
  });

  it('refuses a redirect to a non-web address', async () => {
    const server = await serve({ '/to-file': { status: 302, headers: { location: 'file:///etc/passwd' } } });
    const result = await fetchArticleUrl(server.url('/to-file'), { allowPrivate: true });
    expect(!result.ok && result.reason).toBe('invalid-url');
  });

  it('refuses a loopback address without sending a request when private addresses are not allowed', async () => {
    const server = await serve({ '/': { body: articlePage } });
    const result = await fetchArticleUrl(`http://127.0.0.1:${server.port}/`, { allowPrivate: false });
    expect(!result.ok && result.reason).toBe('private-address');
    expect(!result.ok && result.message).toMatch(/127\.0\.0\.1 is a private or local network address/);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a host name that resolves to loopback without sending a request', async () => {
    const server = await serve({ '/': { body: articlePage } });
    const result = await fetchArticleUrl(`http://localhost:${server.port}/`, { allowPrivate: false });
    expect(!result.ok && result.reason).toBe('private-address');
    expect(server.requests).toHaveLength(0);
  });

  it('checks the address again when connecting, so a host name whose DNS answer changes (rebinding) cannot reach loopback', async () => {
    const server = await serve({ '/': { body: articlePage } });
    // The connection itself resolves the name: this is what runs after the first check passed.
    const error: unknown = await fetch(`http://localhost:${server.port}/`, {
      dispatcher: publicOnlyAgent,
    }).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect((error as { cause?: { code?: string } } | null)?.cause?.code).toBe('ENEWSDESKPRIVATE');
    expect(server.requests).toHaveLength(0);
    for (const all of [false, true]) {
      const refused = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
        publicOnlyLookup('localhost', { all }, (failure) => resolve(failure)),
      );
      expect(refused?.message).toMatch(/localhost resolves to .*, a private or local network address/);
    }
  });

  it('refuses loopback written as an IPv4-mapped IPv6 address', async () => {
    const server = await serve({ '/': { body: articlePage } });
    const result = await fetchArticleUrl(`http://[::ffff:127.0.0.1]:${server.port}/`, {
      allowPrivate: false,
    });
    expect(!result.ok && result.reason).toBe('private-address');
    expect(server.requests).toHaveLength(0);
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const server = await startHttpTestServer();
    const url = server.url('/');
    await server.close();
    const result = await fetchArticleUrl(url, { allowPrivate: true });
    expect(result).toEqual({
      ok: false,
      reason: 'unreachable',
      message: 'Could not reach 127.0.0.1: connection refused.',
    });
  });

  it('refuses links that are not http or https', async () => {
    for (const link of [
      'ftp://example.org/story',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a link',
    ]) {
      const result = await fetchArticleUrl(link, { allowPrivate: false });
      expect(!result.ok && result.reason, link).toBe('invalid-url');
    }
  });

  it('refuses a file that is not a web page', async () => {
    const server = await serve({
      '/report.pdf': { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.7' },
    });
    const result = await fetchArticleUrl(server.url('/report.pdf'), { allowPrivate: true });
    expect(!result.ok && result.reason).toBe('unsupported-type');
    expect(!result.ok && result.message).toMatch(/application\/pdf/);
  });

  it('reads a plain-text page as one line per paragraph, with the host as source', async () => {
    const server = await serve({
      '/wire.txt': {
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'First line.\n\nSecond line.\n',
      },
    });
    const result = await fetchArticleUrl(server.url('/wire.txt'), {
      allowPrivate: true,
      defaults: { title: 'Wire copy', published: '2025-09-01' },
    });
    expect(result.ok && result.value).toMatchObject({
      url: server.url('/wire.txt'),
      source: '127.0.0.1',
      lines: ['First line.', 'Second line.'],
    });
  });

  it('refuses binary bytes served as text/plain instead of storing them', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, index) => (index * 73 + 11) % 256);
    const server = await serve({ '/dump.txt': { headers: { 'content-type': 'text/plain' }, body: bytes } });
    const result = await fetchArticleUrl(server.url('/dump.txt'), {
      allowPrivate: true,
      defaults: { title: 'T', published: '2025-09-01' },
    });
    expect(result).toMatchObject({
      ok: false,
      reason: 'binary',
      message: expect.stringMatching(/^That page looks like a binary file/),
    });
  });

  const latinText = 'Le café « Chez Hélène » ferme à 20 h; l’été finit – 5 € le “menu”.';
  const pages: [string, string, Uint8Array][] = [
    [
      'Latin-1 declared as iso-8859-1',
      'text/plain; charset=iso-8859-1',
      Buffer.from('Le café ferme à 20 h.', 'latin1'),
    ],
    ['Windows-1252 declared', 'text/plain; charset=windows-1252', windows1252(latinText)],
    ['Windows-1252 with no charset declared', 'text/plain', windows1252(latinText)],
    ['Windows-1252 wrongly declared as UTF-8', 'text/plain; charset=utf-8', windows1252(latinText)],
  ];
  it.each(pages)('decodes a text page in %s without replacement characters', async (_case, type, body) => {
    const server = await serve({ '/page.txt': { headers: { 'content-type': type }, body } });
    const result = await fetchArticleUrl(server.url('/page.txt'), {
      allowPrivate: true,
      defaults: { title: 'T', published: '2025-09-01' },
    });
    const line = result.ok ? (result.value.lines[0] ?? '') : result.message;
    expect(line).not.toContain('\uFFFD');
    expect(line).toMatch(/^Le café/);
    if (body.length > 30) expect(line).toBe(latinText);
  });

  it('decodes an HTML page by its <meta charset> when the header names none', async () => {
    const page = articlePage
      .replace('<html lang="en"><head>', '<html lang="en"><head><meta charset="windows-1252">')
      .replace('eighteen months', 'eighteen months (café, déjà vu)');
    const server = await serve({
      '/legacy': { headers: { 'content-type': 'text/html' }, body: windows1252(page) },
    });
    const result = await fetchArticleUrl(server.url('/legacy'), { allowPrivate: true });
    expect(result.ok && result.value.lines[0]).toContain('eighteen months (café, déjà vu)');
  });

  it('reads the front matter of a Markdown page and of a plain-text page', async () => {
    const article =
      '---\ntitle: Ferry fares frozen\nsource: Harbour Gazette\npublished: 2025-09-05\nauthor: Ola Berg\n---\n# Ferry fares frozen\n\nFares stay at 2024 prices until the\nend of next year, the operator said.\n';
    const server = await serve({
      '/fares.md': { headers: { 'content-type': 'text/markdown; charset=utf-8' }, body: article },
      '/fares.txt': { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: article },
    });
    const markdown = await fetchArticleUrl(server.url('/fares.md'), { allowPrivate: true });
    expect(markdown.ok && markdown.value).toMatchObject({
      title: 'Ferry fares frozen',
      source: 'Harbour Gazette',
      published: '2025-09-05',
      author: 'Ola Berg',
      url: server.url('/fares.md'),
      lines: ['Fares stay at 2024 prices until the end of next year, the operator said.'],
    });
    const text = await fetchArticleUrl(server.url('/fares.txt'), { allowPrivate: true });
    expect(text.ok && text.value).toMatchObject({ title: 'Ferry fares frozen', source: 'Harbour Gazette' });
    expect(text.ok && text.value.lines).toEqual([
      '# Ferry fares frozen',
      'Fares stay at 2024 prices until the end of next year, the operator said.',
    ]);
  });

  it('goes by the address’s extension when the server declares no type', async () => {
    const server = await serve({
      '/notes.md': (_request, response) => {
        response.writeHead(200);
        response.end('---\ntitle: Untyped\nsource: S\npublished: 2025-09-06\n---\nSome **bold** text.\n');
      },
    });
    const result = await fetchArticleUrl(server.url('/notes.md'), { allowPrivate: true });
    expect(result.ok && result.value.lines).toEqual(['Some bold text.']);
  });
});

/** Text as Windows-1252 bytes: Latin-1 characters as themselves, and the few others these tests use. */
function windows1252(text: string): Uint8Array {
  const high: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96 };
  return Uint8Array.from([...text].map((character) => high[character] ?? character.charCodeAt(0)));
}

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:8.8.8.8',
    '0:0:0:0:0:ffff:a00:1',
    '64:ff9b::a00:1',
    '64:ff9b::127.0.0.1',
    'localhost',
  ])('treats %s as private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2001:4860:4860::8888',
    '2a00:1450::1',
    '64:ff9b::808:808',
    '64:ff9b::1.1.1.1',
  ])('treats %s as public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});
