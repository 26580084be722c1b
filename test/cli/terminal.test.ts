import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerSchema } from '../../src/answer/answer-schema.js';

const directory = mkdtempSync(join(tmpdir(), 'newsdesk-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Runs a newsdesk script the way `npm run` does, with no LLM and no Discord token, on a temp database. */
function run(script: string, args: string[], stdin = '', environment: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    input: stdin,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      NEWSDESK_DB: join(directory, 'cli.db'),
      DISCORD_TOKEN: '',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      ...environment,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An article file in the temp folder, with front matter, one paragraph per line. */
function articleFile(name: string, title: string, lines: string[]): string {
  const file = join(directory, name);
  writeFileSync(
    file,
    `---\ntitle: ${title}\nsource: Test Wire\npublished: 2025-09-01\n---\n${lines.join('\n')}\n`,
  );
  return file;
}

const seedId = 'kallas-eu-contribution-security-guarantees';

describe('the terminal front end', () => {
  it('answers the troops question extractively, quoting and citing line 5 of the seed article', () => {
    const { code, stdout } = run('src/cli/ask-command.ts', ['what did Kallas say about troops?']);
    expect(code).toBe(0);
    expect(stdout).toContain('no single European solution on sending troops to Ukraine');
    expect(stdout).toMatch(/\[1\] TASS, 2025-08-29, line 5: “Kallas admitted/);
  });

  it('prints exactly one JSON document, the answer object, with --json', () => {
    const { code, stdout } = run('src/cli/ask-command.ts', ['--json', 'what did Kallas say about troops?']);
    expect(code).toBe(0);
    const answer = AnswerSchema.parse(JSON.parse(stdout));
    expect(answer).toMatchObject({ mode: 'extractive', status: 'answered' });
    expect(answer.citations[0]).toMatchObject({ line: 5, source: 'TASS', published: '2025-08-29' });
  });

  it('refuses an empty question with a message and a failing exit code', () => {
    const { code, stderr } = run('src/cli/ask-command.ts', ['   ']);
    expect(code).toBe(1);
    expect(stderr).toContain('Please ask a question.');
  });

  it('adds, lists, shows and removes an article file', () => {
    const file = join(directory, 'harbour.txt');
    writeFileSync(
      file,
      '---\ntitle: Harbour reopens\nsource: Test Wire\npublished: 2025-09-01T08:00:00+02:00\n---\nThe harbour of Port Ellis reopened on Monday.\nMayor Ana Silva said 40 boats were damaged.\n',
    );
    const added = run('src/cli/article-command.ts', ['add', file]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added "harbour-reopens"');
    expect(run('src/cli/article-command.ts', ['add', file])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('already stored as "harbour-reopens"'),
    });
    const listed = JSON.parse(run('src/cli/article-command.ts', ['list', '--json']).stdout) as {
      id: string;
    }[];
    expect(listed.map((article) => article.id).sort()).toEqual([
      'harbour-reopens',
      'kallas-eu-contribution-security-guarantees',
    ]);
    const shown = run('src/cli/article-command.ts', ['show', 'harbour-reopens', '--lines', '2-2']);
    expect(shown.stdout).toContain('   2  Mayor Ana Silva said 40 boats were damaged.');
    expect(shown.stdout).not.toContain('Port Ellis reopened');
    expect(run('src/cli/article-command.ts', ['remove', 'harbour-reopens']).code).toBe(0);
    expect(run('src/cli/article-command.ts', ['show', 'harbour-reopens'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No article'),
    });
  });

  it('reports a missing file and an unknown option clearly', () => {
    expect(run('src/cli/article-command.ts', ['add', join(directory, 'nope.txt')])).toMatchObject({
      code: 1,
    });
    expect(run('src/cli/article-command.ts', ['list', '--colour'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Unknown option'),
    });
  });

  it('npm start without a Discord token takes the same commands on standard input and exits at its end', () => {
    const { code, stdout } = run(
      'src/main.ts',
      [],
      '/ask what did Kallas say about troops?\n/article show kallas-eu-contribution-security-guarantees --lines 8\n',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('line 5');
    expect(stdout).toContain('   8  Copenhagen talks');
  });

  it('answers /ask --json in the interactive terminal, and leaves at exit or quit', () => {
    const { code, stdout } = run(
      'src/main.ts',
      [],
      '/ask --json what did Kallas say about troops?\nexit\n/article list\n',
    );
    expect(code).toBe(0);
    expect(AnswerSchema.parse(JSON.parse(stdout)).citations[0]).toMatchObject({ line: 5 });
    expect(run('src/main.ts', [], 'QUIT\n/article list\n').stdout).not.toContain(seedId);
  });

  it('takes a question that starts with a dash or holds quotes as it was typed', () => {
    const { code, stdout } = run('src/main.ts', [], `-- what did Kallas say about "troops"?\n`);
    expect(code).toBe(0);
    expect(stdout).toContain('no single European solution on sending troops');
  });

  it('with --json, prints every error as one JSON document on standard output and exits non-zero', () => {
    const empty = run('src/cli/ask-command.ts', ['--json', '   ']);
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.stdout)).toEqual({
      error: { code: 'empty-question', message: 'Please ask a question.' },
    });
    const missing = run('src/cli/article-command.ts', ['show', 'no-such-article', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'not-found' } });
    const unknown = run('src/cli/article-command.ts', ['list', '--colour', '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      error: { code: 'usage', message: expect.stringContaining('Unknown option') },
    });
    const settings = run('src/cli/article-command.ts', ['list', '--json'], '', {
      NEWSDESK_BRIEFING_TZ: 'Mars/Olympus',
    });
    expect(settings.code).toBe(1);
    expect(JSON.parse(settings.stdout)).toMatchObject({
      error: {
        code: 'invalid-settings',
        message: expect.stringContaining('NEWSDESK_BRIEFING_TZ is "Mars/Olympus"'),
      },
    });
  });

  it('adds several files in one command and reports each, failing if one could not be added', () => {
    const environment = { NEWSDESK_DB: join(directory, 'several.db') };
    const files = [
      articleFile('one.txt', 'Ferry resumes', ['The night ferry resumes on Friday.']),
      articleFile('two.txt', 'Budget passed', [
        'The council passed the budget.',
        'Schools get 12 million euros.',
      ]),
      join(directory, 'missing.txt'),
    ];
    const added = run('src/cli/article-command.ts', ['add', ...files], '', environment);
    expect(added.code).toBe(1);
    expect(added.stdout).toContain(`Added "ferry-resumes" (Ferry resumes, 1 line) from ${files[0]}.`);
    expect(added.stdout).toContain(`Added "budget-passed" (Budget passed, 2 lines) from ${files[1]}.`);
    expect(added.stdout).toContain('2 articles added, 1 not added.');
    expect(added.stderr).toContain(`Not added: ${files[2]}: There is no file at ${files[2]}`);
    const listed = run('src/cli/article-command.ts', ['list'], '', environment).stdout;
    expect(listed).toContain('Ferry resumes  (1 line, added by terminal)');
    expect(listed).toContain('Budget passed  (2 lines, added by terminal)');
  });

  it('reads --lines the same way everywhere: a range past the end is cut with a note, a line past it or a backward range is refused', () => {
    const show = (lines: string) => run('src/cli/article-command.ts', ['show', seedId, '--lines', lines]);
    const cut = show('8-100');
    expect(cut.code).toBe(0);
    expect(cut.stdout).toContain('   9  The two-day meeting');
    expect(cut.stdout).toContain('(The article ends at line 9, so lines 8-9 are shown.)');
    expect(show('100')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'The article has 9 lines, so there is no line 100; give lines from 1 to 9.',
      ),
    });
    expect(show('9-3')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('The range 9-3 runs backwards; give the first line first, like 3-9.'),
    });
  });

  it('reports each problem with the curated folder once, in words, with the file and the real reason', () => {
    const folder = join(directory, 'curated');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'picture.txt'),
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]),
    );
    writeFileSync(join(folder, 'untitled.txt'), '---\nsource: Wire\npublished: 2025-09-01\n---\nA line.\n');
    const environment = { NEWSDESK_DB: join(directory, 'curated.db'), NEWSDESK_ARTICLES_DIR: folder };
    const { stderr } = run('src/main.ts', [], '/article list\n', environment);
    expect(stderr.match(/picture\.txt/g)).toHaveLength(2);
    expect(stderr).toContain(
      `Warning: Skipped ${join(folder, 'picture.txt')}: "picture.txt" looks like a binary file`,
    );
    expect(stderr).toContain(
      `Warning: Skipped ${join(folder, 'untitled.txt')}: The article's details are not usable: title is missing`,
    );
    expect(stderr).not.toContain('{"time"');
    const gone = run('src/cli/article-command.ts', ['list'], '', {
      ...environment,
      NEWSDESK_ARTICLES_DIR: join(directory, 'no-such-folder'),
    });
    expect(gone.code).toBe(0);
    expect(gone.stderr).toContain(
      `Warning: The curated articles folder ${join(directory, 'no-such-folder')} does not exist`,
    );
  });
});
