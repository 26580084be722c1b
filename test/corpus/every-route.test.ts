import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addArticleFrom, type ArticleFrom } from '../../src/corpus/add-article-from.js';
import { showArticle } from '../../src/corpus/show-article.js';
import { syncDataDir } from '../../src/corpus/sync-data-dir.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { startHttpTestServer, type HttpTestServer } from '../helpers/http-test-server.js';

const frontMatter = (title: string) =>
  `---\ntitle: ${title}\nsource: Coastal Courier\npublished: 2025-09-02\n---\n`;

/** Windows-1252 bytes for text of Latin-1 characters and curly quotes. */
function windows1252(text: string): Uint8Array {
  const high: Record<string, number> = { '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94 };
  return Uint8Array.from([...text].map((character) => high[character] ?? character.charCodeAt(0)));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The files every route gets: their text, their bytes, and the media type a web server would give each. */
const files: { name: string; text: string; encode: (text: string) => Uint8Array; mediaType: string }[] = [
  {
    name: 'wrapped.md',
    mediaType: 'text/markdown',
    encode: utf8,
    text: `${frontMatter('Ferry terminal approved')}# Ferry terminal approved\n\nThe harbour authority **approved** the new\nferry terminal on Tuesday after a two-year review.\n\nConstruction starts in spring.\n\n- It will cost 40 million euros.\n- It opens in 2027.\n`,
  },
  {
    name: 'lines.txt',
    mediaType: 'text/plain; charset=utf-8',
    encode: utf8,
    text: `${frontMatter('Bridge closes for repairs')}The old bridge closes on Monday.\nBuses take the ring road.\nThe works last three months.\n`,
  },
  {
    name: 'wrapped.txt',
    mediaType: 'text/plain',
    encode: utf8,
    text: `${frontMatter('Rail strike called off')}Union leaders called off the rail strike\nlate on Friday after talks.\n\nTrains run to the normal\ntimetable on Monday.\n`,
  },
  {
    name: 'legacy.txt',
    mediaType: 'text/plain',
    encode: windows1252,
    text: `${frontMatter('Café reopens')}Le café de la gare a rouvert ses portes à 7 h.\n“C’est un soulagement”, dit la patronne.\n`,
  },
  {
    name: 'bom.md',
    mediaType: 'text/markdown; charset=utf-8',
    encode: (text) => utf8(`\uFEFF${text}`),
    text: `${frontMatter('School budget passed')}The council passed a 12 million euro budget.\n`,
  },
];

const guilds = {
  file: '100000000000000001',
  url: '100000000000000002',
  attachment: '100000000000000003',
  text: '100000000000000004',
};

let app: TestApp | undefined;
let server: HttpTestServer | undefined;
afterEach(async () => {
  app?.close();
  await server?.close();
  app = undefined;
  server = undefined;
});

describe('every way in', () => {
  it('stores the same lines for the same file whether it is added as a file, a link, an attachment, pasted text or a curated file', async () => {
    app = createTestApp({ NEWSDESK_ALLOW_PRIVATE_URLS: '1' });
    const current = app;
    server = await startHttpTestServer(
      Object.fromEntries(
        files.flatMap((file) => [
          [
            `/pages/${file.name}`,
            { headers: { 'content-type': file.mediaType }, body: file.encode(file.text) },
          ],
          // What a chat platform's file host sends: a generic type; the file name decides.
          [
            `/attachments/${file.name}`,
            { headers: { 'content-type': 'application/octet-stream' }, body: file.encode(file.text) },
          ],
        ]),
      ),
    );
    const web = server;
    const folder = join(current.directory, 'curated');
    mkdirSync(folder);
    for (const file of files) writeFileSync(join(folder, file.name), file.encode(file.text));

    const linesOf = (id: string, scope: string): string[] => {
      const shown = showArticle(current.deps, { id, scope });
      if (!shown.ok) throw new Error(shown.message);
      return shown.value.lines.map((line) => line.text);
    };
    const add = async (from: ArticleFrom, scope: string): Promise<string[]> => {
      const added = await addArticleFrom(current.deps, from, { scope, addedBy: 'tester' });
      if (!added.ok) throw new Error(`${JSON.stringify(from)}: ${added.message}`);
      return linesOf(added.value.id, scope);
    };

    const byRoute = new Map<string, Record<string, string[]>>();
    for (const file of files) {
      const attachment = {
        url: web.url(`/attachments/${file.name}`),
        fileName: file.name,
        declaredSize: file.encode(file.text).length,
      };
      byRoute.set(file.name, {
        file: await add({ file: join(folder, file.name) }, guilds.file),
        link: await add({ url: web.url(`/pages/${file.name}`) }, guilds.url),
        attachment: await add({ attachment }, guilds.attachment),
        // Pasted text is what a moderator copies from an editor: the characters, read as plain text.
        ...(file.name.endsWith('.txt') ? { pasted: await add({ text: file.text }, guilds.text) } : {}),
      });
    }
    // Curated articles are global, so they go last: added first, they would make every other copy a duplicate.
    const report = syncDataDir(current.deps, folder);
    expect(report.problems).toEqual([]);
    const curated = new Map(
      current.deps.articles
        .dataArticles()
        .map((article) => [article.fileName, linesOf(article.id, 'global')]),
    );
    for (const file of files) {
      const expected = curated.get(file.name);
      expect(expected, file.name).toBeDefined();
      const routes = Object.entries(byRoute.get(file.name) ?? {});
      expect(routes, file.name).toHaveLength(file.name.endsWith('.txt') ? 4 : 3);
      for (const [route, lines] of routes) {
        expect(lines, `${file.name} as ${route}`).toEqual(expected);
      }
    }

    // The rules the lines come from, on the curated copies.
    expect(curated.get('wrapped.md')).toEqual([
      'The harbour authority approved the new ferry terminal on Tuesday after a two-year review.',
      'Construction starts in spring.',
      'It will cost 40 million euros.',
      'It opens in 2027.',
    ]);
    expect(curated.get('lines.txt')).toEqual([
      'The old bridge closes on Monday.',
      'Buses take the ring road.',
      'The works last three months.',
    ]);
    expect(curated.get('wrapped.txt')).toEqual([
      'Union leaders called off the rail strike late on Friday after talks.',
      'Trains run to the normal timetable on Monday.',
    ]);
    expect(curated.get('legacy.txt')).toEqual([
      'Le café de la gare a rouvert ses portes à 7 h.',
      '“C’est un soulagement”, dit la patronne.',
    ]);
  });

  it('holds a link to the checks a file gets', async () => {
    app = createTestApp({ NEWSDESK_ALLOW_PRIVATE_URLS: '1' });
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    ]);
    server = await startHttpTestServer({
      '/picture.txt': { headers: { 'content-type': 'text/plain' }, body: png },
    });
    const folder = join(app.directory, 'files');
    mkdirSync(folder);
    writeFileSync(join(folder, 'picture.txt'), png);
    const options = { scope: guilds.url, addedBy: 'tester' };
    const byLink = await addArticleFrom(app.deps, { url: server.url('/picture.txt') }, options);
    const byFile = await addArticleFrom(app.deps, { file: join(folder, 'picture.txt') }, options);
    expect(byLink).toMatchObject({ ok: false, reason: 'binary' });
    expect(byFile).toMatchObject({ ok: false, reason: 'binary' });
  });
});
