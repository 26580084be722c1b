import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArticleFields } from '../../src/corpus/parse-front-matter.js';
import { parseArticleBytes } from '../../src/corpus/parse-article-bytes.js';
import { readArticleFile } from '../../src/corpus/read-article-file.js';

const directory = mkdtempSync(join(tmpdir(), 'newsdesk-ingest-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

/** Metadata for the files that state none, so their body can be checked. */
const someMetadata: ArticleFields = { title: 'Some title', source: 'Some source', published: '2025-09-01' };

/** Reads a local file the way `article add` and the `data/articles/` sync do: capped, then the pipeline's core. */
function readArticle(path: string, defaults: ArticleFields = {}) {
  const bytes = readArticleFile(path);
  if (!bytes.ok) return bytes;
  return parseArticleBytes(bytes.value, { fileName: path.split('/').at(-1) ?? path, defaults });
}

const articlePage = `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour bridge to close for repairs | Coastal Courier</title>
<meta property="og:title" content="Harbour bridge to close for three months of repairs">
<meta property="og:site_name" content="Coastal Courier">
<meta property="article:published_time" content="2025-09-02T07:30:00+0200">
<meta name="author" content="Maria Lindqvist">
<script>window.analytics = { track() {} };</script>
<style>body { font-family: serif; }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour bridge to close for three months of repairs</h1>
<p class="byline">By Maria Lindqvist</p>
<p>The harbour bridge will close to all traffic from 1 October while engineers replace corroded cables, the city's transport office said on Tuesday.</p>
<p>Buses will be diverted over the northern ring road, adding about fifteen minutes to journeys between the old town and the ferry terminal.</p>
<h2>Why now</h2>
<p>Inspectors found in June that two of the twelve main cables had lost more than a tenth of their strength, according to a report seen by the Courier.</p>
<ul><li>Cyclists may still cross on the footway.</li><li>Ferries will run every <em>ten</em> minutes at peak hours.</li></ul>
</article>
<footer><p>© 2025 Coastal Courier. All rights reserved.</p></footer>
</body></html>`;

describe('reading an article file', () => {
  it('reads a .txt file with front matter into metadata and one line per paragraph', () => {
    const path = write(
      'with-front-matter.txt',
      [
        '---',
        'title: Rail strike called off',
        'source: Daily Ledger',
        'url: https://ledger.example/rail-strike',
        'published: 2025-08-30T09:15:00+01:00',
        'author: Sam Okafor',
        '---',
        'Union leaders called off the planned rail strike late on Friday.',
        '',
        'Trains will run to the normal timetable on Monday.',
        '',
      ].join('\n'),
    );
    const result = readArticle(path);
    expect(result).toEqual({
      ok: true,
      value: {
        id: null,
        title: 'Rail strike called off',
        source: 'Daily Ledger',
        url: 'https://ledger.example/rail-strike',
        published: '2025-08-30T09:15:00+01:00',
        author: 'Sam Okafor',
        lines: [
          'Union leaders called off the planned rail strike late on Friday.',
          'Trains will run to the normal timetable on Monday.',
        ],
      },
    });
  });

  it('reads a .txt file without front matter as body lines, with metadata from elsewhere', () => {
    const path = write('plain.txt', 'First paragraph here.\r\n\r\n  Second   paragraph here.  \r\n');
    expect(readArticle(path, someMetadata)).toEqual({
      ok: true,
      value: {
        id: null,
        title: 'Some title',
        source: 'Some source',
        url: null,
        published: '2025-09-01',
        author: null,
        lines: ['First paragraph here.', 'Second paragraph here.'],
      },
    });
    const bare = readArticle(path);
    expect(!bare.ok && bare.reason).toBe('invalid');
    expect(!bare.ok && bare.message).toMatch(/title is missing; source is missing; published is missing/);
  });

  it('joins the lines of wrapped paragraphs separated by blank lines, in a .txt file as in Markdown', () => {
    const body =
      'The harbour reopened on Monday after\nthe storm, the port authority said.\n\nForty boats were damaged.\n';
    for (const name of ['wrapped.txt', 'wrapped.md']) {
      const result = readArticle(write(name, body), someMetadata);
      expect(result.ok && result.value.lines, name).toEqual([
        'The harbour reopened on Monday after the storm, the port authority said.',
        'Forty boats were damaged.',
      ]);
    }
  });

  it('reads front matter behind a byte-order mark', () => {
    const path = write('bom.txt', '\uFEFF---\ntitle: With a BOM\n---\nBody line.\n');
    const result = readArticle(path, someMetadata);
    expect(result.ok && result.value.title).toBe('With a BOM');
    expect(result.ok && result.value.lines).toEqual(['Body line.']);
  });

  it('refuses a front-matter block that is never closed', () => {
    const path = write('unclosed.txt', '---\ntitle: Never closed\nBody line.\n');
    const result = readArticle(path);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('bad-front-matter');
  });

  it('strips Markdown decorations, keeps one paragraph per line and takes the first heading as the title', () => {
    const path = write(
      'story.md',
      [
        '---',
        'source: Valley Times',
        'published: 2025-07-14',
        '---',
        '',
        '# Floods close the valley road',
        '',
        '![A flooded road](https://valley.example/flood.jpg)',
        '',
        'Heavy rain **closed** the valley road on Sunday, the',
        'police said in a [statement](https://valley.example/police) posted at noon.',
        '',
        '## What drivers should do',
        '',
        '- Use the *mountain* pass instead.',
        '* Check __live__ updates before leaving.',
        '1. Carry water and a `charged` phone.',
        '',
        '```js',
        'console.log("this code is not article text");',
        '```',
        '',
        '> The water is still rising, said the mayor.',
        '',
        '---',
        '',
        'Repairs could take a week.',
      ].join('\n'),
    );
    const result = readArticle(path);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.title).toBe('Floods close the valley road');
    expect(result.value.source).toBe('Valley Times');
    expect(result.value.published).toBe('2025-07-14');
    expect(result.value.lines).toEqual([
      'Heavy rain closed the valley road on Sunday, the police said in a statement posted at noon.',
      'What drivers should do',
      'Use the mountain pass instead.',
      'Check live updates before leaving.',
      'Carry water and a charged phone.',
      'The water is still rising, said the mayor.',
      'Repairs could take a week.',
    ]);
  });

  it('keeps each line of a Markdown file with no blank lines as its own paragraph and keeps a given title', () => {
    const path = write(
      'lines.md',
      '---\ntitle: Given title\n---\n# A heading that is not the title\nFirst paragraph.\nSecond paragraph with snake_case_name kept.\n',
    );
    const result = readArticle(path, someMetadata);
    expect(result.ok && result.value.title).toBe('Given title');
    expect(result.ok && result.value.lines).toEqual([
      'A heading that is not the title',
      'First paragraph.',
      'Second paragraph with snake_case_name kept.',
    ]);
  });

  it('extracts title, source, date, author and paragraphs from an .html file', () => {
    const path = write('bridge.html', articlePage);
    const result = readArticle(path);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.title).toBe('Harbour bridge to close for three months of repairs');
    expect(result.value.source).toBe('Coastal Courier');
    expect(result.value.published).toBe('2025-09-02T07:30:00+02:00');
    expect(result.value.author).toBe('Maria Lindqvist');
    expect(result.value.url).toBeNull();
    expect(result.value.lines).toEqual([
      "The harbour bridge will close to all traffic from 1 October while engineers replace corroded cables, the city's transport office said on Tuesday.",
      'Buses will be diverted over the northern ring road, adding about fifteen minutes to journeys between the old town and the ferry terminal.',
      'Why now',
      'Inspectors found in June that two of the twelve main cables had lost more than a tenth of their strength, according to a report seen by the Courier.',
      'Cyclists may still cross on the footway.',
      'Ferries will run every ten minutes at peak hours.',
    ]);
  });

  it('refuses an .html file that is only scripts and menus', () => {
    const path = write(
      'app-shell.htm',
      '<html><head><title>Loading</title><script>' +
        'x();'.repeat(500) +
        '</script></head><body><nav><a href="/">Home</a><a href="/world">World</a><a href="/sport">Sport</a></nav>' +
        '<div id="root">Loading…</div><footer><a href="/privacy">Privacy</a></footer></body></html>',
    );
    const result = readArticle(path);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('no-article-text');
    expect(!result.ok && result.message).toMatch(/\.txt file/);
  });

  it('refuses an empty file', () => {
    const result = readArticle(write('empty.txt', ''));
    expect(!result.ok && result.reason).toBe('empty');
  });

  it('refuses a file with front matter but no body', () => {
    const result = readArticle(write('only-meta.txt', '---\ntitle: Nothing below\n---\n\n'));
    expect(!result.ok && result.reason).toBe('empty');
  });

  it('refuses a binary file', () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    ]);
    const result = readArticle(write('picture.txt', png));
    expect(!result.ok && result.reason).toBe('binary');
  });

  it('reads a Latin-1 (Windows-1252) file that is not UTF-8 as Windows-1252', () => {
    const latin1 = Buffer.from('Le café de la gare a fermé ses portes à 20 h.\n', 'latin1');
    const result = readArticle(write('latin1.txt', latin1), someMetadata);
    expect(result.ok && result.value.lines).toEqual(['Le café de la gare a fermé ses portes à 20 h.']);
  });

  it('reads a UTF-16 file by its byte-order mark', () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Zürich votes on Sunday.\n', 'utf16le'),
    ]);
    const result = readArticle(write('utf16.txt', utf16), someMetadata);
    expect(result.ok && result.value.lines).toEqual(['Zürich votes on Sunday.']);
  });

  it('refuses a 3 MB file unread and names both sizes', () => {
    const result = readArticle(write('huge.txt', 'a'.repeat(3_000_000)));
    expect(result).toEqual({
      ok: false,
      reason: 'too-large',
      message: '"huge.txt" is 3 MB; the limit is 2 MB.',
    });
  });

  it('refuses a file type it cannot read', () => {
    const result = readArticle(write('report.pdf', '%PDF-1.7 not really'));
    expect(!result.ok && result.reason).toBe('unsupported-type');
    expect(!result.ok && result.message).toMatch(/\.txt, \.md or \.html/);
  });

  it('says when there is no file at the path', () => {
    const result = readArticle(join(directory, 'missing.txt'));
    expect(!result.ok && result.reason).toBe('not-found');
  });

  it('reads front matter behind a byte-order mark in Markdown too', () => {
    const result = readArticle(
      write('bom.md', '\uFEFF---\ntitle: Marked\nsource: S\npublished: 2025-01-02\n---\nBody.\n'),
    );
    expect(result.ok && result.value).toMatchObject({ title: 'Marked', lines: ['Body.'] });
  });
});

describe('parseArticleBytes', () => {
  it('applies a smaller size limit when given one', () => {
    const bytes = new TextEncoder().encode('x'.repeat(1500));
    expect(parseArticleBytes(bytes, { fileName: 'note.txt', maxBytes: 1000 })).toEqual({
      ok: false,
      reason: 'too-large',
      message: '"note.txt" is 1.5 kB; the limit is 1 kB.',
    });
  });

  it('reads pasted text like a .txt file, front matter included', () => {
    const bytes = new TextEncoder().encode(
      '---\ntitle: Pasted\nsource: Wire\npublished: 2025-09-03\n---\nOne.\nTwo.',
    );
    const result = parseArticleBytes(bytes, { mediaType: 'text/plain', name: 'The pasted text' });
    expect(result.ok && result.value).toMatchObject({
      title: 'Pasted',
      source: 'Wire',
      lines: ['One.', 'Two.'],
    });
  });

  it('refuses pasted text with nothing in it', () => {
    const result = parseArticleBytes(new TextEncoder().encode('  \n\n '), {
      mediaType: 'text/plain',
      name: 'The pasted text',
    });
    expect(result).toMatchObject({
      ok: false,
      reason: 'empty',
      message: expect.stringMatching(/^The pasted text /),
    });
  });

  it('lets overrides win over front matter, and front matter over defaults', () => {
    const bytes = new TextEncoder().encode('---\ntitle: Stated\nsource: Stated source\n---\nBody line.');
    const result = parseArticleBytes(bytes, {
      fileName: 'a.txt',
      overrides: { title: 'Given' },
      defaults: {
        title: 'Fallback',
        source: 'Fallback source',
        published: '2025-09-04',
        author: 'A. Writer',
      },
    });
    expect(result.ok && result.value).toMatchObject({
      title: 'Given',
      source: 'Stated source',
      published: '2025-09-04',
      author: 'A. Writer',
    });
  });

  it('takes the format from a declared media type over the file name', () => {
    const bytes = new TextEncoder().encode('# Heading title\n\nBody **bold**.');
    const asMarkdown = parseArticleBytes(bytes, {
      mediaType: 'text/markdown',
      fileName: 'x.txt',
      defaults: someMetadata,
    });
    expect(asMarkdown.ok && asMarkdown.value.lines).toEqual(['Body bold.']);
    const asText = parseArticleBytes(bytes, {
      mediaType: 'text/plain',
      fileName: 'x.md',
      defaults: someMetadata,
    });
    expect(asText.ok && asText.value.lines).toEqual(['# Heading title', 'Body **bold**.']);
  });
});
