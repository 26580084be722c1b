import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerSchema } from '../../src/answer/answer-schema.js';

const directory = mkdtempSync(join(tmpdir(), 'newsdesk-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Runs a newsdesk script the way `npm run` does, with no LLM and no Discord token, on a temp database. */
function run(script: string, args: string[], stdin = '') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    input: stdin,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      NEWSDESK_DB: join(directory, 'cli.db'),
      DISCORD_TOKEN: '',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

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
});
