import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';

const fields = [
  'name',
  'questions',
  'lineRecallAt1',
  'lineRecallAt5',
  'answerInQuoteAt1',
  'unanswerable',
  'unanswerableRefused',
  'answerable',
  'answerableRefused',
  'verifiedQuoteRate',
  'promptTokensMedian',
  'promptTokensP95',
  'claimsVerifiedRate',
  'modelRefusals',
  'latencyMsP50',
  'latencyMsP95',
];

const harbourQuestions = [
  {
    id: 'q1',
    article: 'harbour-news',
    question: 'How many days was the harbour closed?',
    answers: ['nine days'],
    lines: [1],
    unanswerable: false,
  },
  {
    id: 'q2',
    article: 'harbour-news',
    question: 'Who said the harbour would get a sea wall?',
    answers: ['Lina Ortez'],
    lines: [2],
    unanswerable: false,
  },
  {
    id: 'q3',
    article: 'harbour-news',
    question: 'What colour is the lighthouse keeper\u2019s boat?',
    answers: [],
    lines: [],
    unanswerable: true,
  },
];

interface Report {
  sets: Record<string, unknown>[];
  overall: Record<string, unknown>;
}

let directory = '';
let server: FakeOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(directory, { recursive: true, force: true });
});

/** Writes an eval set folder with one article per `{ id: text }` entry and the given questions. */
function writeSet(name: string, articles: Record<string, string>, questions: readonly object[]): string {
  const set = join(directory, name);
  mkdirSync(join(set, 'articles'), { recursive: true });
  writeFileSync(
    join(set, 'articles.jsonl'),
    Object.keys(articles)
      .map((id) =>
        JSON.stringify({ id, title: `Title of ${id}`, source: 'Test', url: null, published: null }),
      )
      .join('\n'),
  );
  for (const [id, text] of Object.entries(articles)) writeFileSync(join(set, 'articles', `${id}.txt`), text);
  writeFileSync(
    join(set, 'questions.jsonl'),
    questions.map((question) => JSON.stringify(question)).join('\n'),
  );
  return set;
}

const harbour =
  'The old harbour reopened on Monday after a storm closed it for nine days.\nMayor Lina Ortez said the harbour would get a new sea wall in 2026.\n';
const noLlm = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

function runEval(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('npx', ['tsx', 'src/eval/run-eval.ts', ...args], {
      encoding: 'utf8',
      env: noLlm,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run eval', () => {
  it('answers a tiny set with distractors and prints one JSON document with verified quotes', () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-eval-test-'));
    const set = writeSet('tiny-set', { 'harbour-news': harbour }, harbourQuestions);
    const distractors = join(directory, 'distractors');
    mkdirSync(distractors);
    writeFileSync(join(distractors, 'weather.txt'), 'Weather today\n\nRain is expected over the hills.\n');
    writeFileSync(
      join(distractors, 'weather-again.txt'),
      'Weather again\n\nRain is expected over the hills.\n',
    );

    const result = runEval(['--json', '--distractors', distractors, set]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.sets).toHaveLength(1);
    expect(Object.keys(report.sets[0] ?? {}).sort()).toEqual([...fields].sort());
    expect(report.sets[0]).toMatchObject({ name: 'tiny-set', questions: 3, answerable: 2, unanswerable: 1 });
    expect(report.overall.verifiedQuoteRate).toBe(1);
    expect(report.overall.lineRecallAt5).toBe(1);
    expect(report.overall.unanswerableRefused).toBe(1);
    expect(report.overall.promptTokensMedian).toBeNull();
    expect(report.overall.modelRefusals).toBeNull();
  });

  it('refuses to score sets that share an article id or an article text', () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-eval-test-'));
    const first = writeSet('first', { 'harbour-news': harbour }, harbourQuestions);
    const sameId = writeSet('same-id', { 'harbour-news': 'Another story entirely.\n' }, []);
    const sameText = writeSet('same-text', { 'harbour-copy': harbour }, []);

    const byId = runEval(['--json', first, sameId]);
    expect(byId.status).toBe(1);
    expect(byId.stderr).toContain(
      'same-id article harbour-news has the same id as first article harbour-news',
    );
    const byText = runEval(['--json', first, sameText]);
    expect(byText.status).toBe(1);
    expect(byText.stderr).toContain(
      'same-text article harbour-copy has the same text as first article harbour-news',
    );
  });

  it('asks a sample of questions through an LLM endpoint and reports tokens, kept claims and refusals', async () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-eval-test-'));
    const set = writeSet('tiny-set', { 'harbour-news': harbour }, harbourQuestions);
    server = await startFakeOpenAiServer();
    server.respond((body) => {
      const prompt = body.messages.map((message) => String(message.content)).join('\n');
      if (!prompt.includes('How many days')) return { content: '{"claims": []}' };
      const passage = /<passage id="(\d+)"[^>]*>\n[^\n]*nine days/.exec(prompt)?.[1] ?? '1';
      return {
        content: JSON.stringify({
          claims: [
            {
              text: 'It was closed for nine days.',
              passages: [Number(passage)],
              quotes: ['closed it for nine days'],
            },
            {
              text: 'It was closed for a year.',
              passages: [Number(passage)],
              quotes: ['closed it for a year'],
            },
          ],
        }),
      };
    });
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'src/eval/run-eval.ts', '--json', '--llm', '--limit', '2', set],
      { encoding: 'utf8', env: { ...process.env, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test-key' } },
    );
    const report = JSON.parse(stdout) as Report;
    expect(report.overall).toMatchObject({ questions: 2, claimsVerifiedRate: 0.5, modelRefusals: 1 });
    expect(typeof report.overall.promptTokensP95).toBe('number');
    expect(server.requests).toHaveLength(2);
  });
});
