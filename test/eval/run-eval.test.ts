import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

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
  'latencyMsP50',
  'latencyMsP95',
];

describe('npm run eval', () => {
  let directory = '';
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('answers a tiny set with distractors and prints one JSON document with verified quotes', () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-eval-test-'));
    const set = join(directory, 'tiny-set');
    mkdirSync(join(set, 'articles'), { recursive: true });
    writeFileSync(
      join(set, 'articles.jsonl'),
      `${JSON.stringify({ id: 'harbour-news', title: 'Harbour news', source: 'Test', url: null, published: null })}\n`,
    );
    writeFileSync(
      join(set, 'articles', 'harbour-news.txt'),
      'The old harbour reopened on Monday after a storm closed it for nine days.\nMayor Lina Ortez said the harbour would get a new sea wall in 2026.\n',
    );
    const questions = [
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
    writeFileSync(
      join(set, 'questions.jsonl'),
      questions.map((question) => JSON.stringify(question)).join('\n'),
    );
    const distractors = join(directory, 'distractors');
    mkdirSync(distractors);
    writeFileSync(join(distractors, 'weather.txt'), 'Weather today\n\nRain is expected over the hills.\n');

    const output = execFileSync(
      'npx',
      ['tsx', 'src/eval/run-eval.ts', '--json', '--distractors', distractors, set],
      {
        encoding: 'utf8',
        env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
      },
    );
    const report = JSON.parse(output) as {
      sets: Record<string, unknown>[];
      overall: Record<string, unknown>;
    };
    expect(report.sets).toHaveLength(1);
    expect(Object.keys(report.sets[0] ?? {}).sort()).toEqual([...fields].sort());
    expect(report.sets[0]).toMatchObject({ name: 'tiny-set', questions: 3, answerable: 2, unanswerable: 1 });
    expect(report.overall.verifiedQuoteRate).toBe(1);
    expect(report.overall.lineRecallAt5).toBe(1);
    expect(report.overall.promptTokensMedian).toBeNull();
  });
});
