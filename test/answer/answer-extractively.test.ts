import { afterEach, describe, expect, it } from 'vitest';
import { abstentionText } from '../../src/answer/answer-extractively.js';
import { answerQuestion } from '../../src/answer/answer-question.js';
import type { ArticleInput } from '../../src/corpus/article-input.js';
import { addArticle } from '../../src/corpus/add-article.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';

const guild = '333333333333333333';

function article(title: string, lines: string[]): ArticleInput {
  return { id: null, title, source: 'Test Wire', url: null, published: '2025-09-01', author: null, lines };
}

let app: TestApp | undefined;
afterEach(() => app?.close());

async function ask(
  question: string,
): Promise<{ status: string; answer: string; firstQuote: string | undefined }> {
  if (!app) throw new Error('no app');
  const result = await answerQuestion(app.deps, { question, scope: guild, useLlm: false });
  if (!result.ok) throw new Error(result.message);
  return {
    status: result.value.status,
    answer: result.value.answer,
    firstQuote: result.value.citations[0]?.quote,
  };
}

function load(...inputs: ArticleInput[]): void {
  if (!app) throw new Error('no app');
  for (const input of inputs) {
    const stored = addArticle(app.deps, input, { scope: guild, addedBy: 'tester' });
    if (!stored.ok) throw new Error(stored.message);
  }
}

describe('extractive answers', () => {
  it('quotes the previous sentence too when the best sentence opens with a pronoun', async () => {
    app = createTestApp();
    load(
      article('Medieval pharmacy', [
        'Ibn Zuhr was a physician of Seville. Al-Muwaffaq wrote a treatise on remedies in the tenth century. He also describes the distillation of sea water for drinking.',
      ]),
    );
    const answer = await ask('Who described the distillation of sea water for drinking?');
    expect(answer.status).toBe('answered');
    expect(answer.firstQuote).toBe(
      'Al-Muwaffaq wrote a treatise on remedies in the tenth century. He also describes the distillation of sea water for drinking.',
    );
  });

  it('prefers the sentence that holds the question words as a phrase over one that scatters them', async () => {
    app = createTestApp();
    load(
      article('City transport', [
        'The line to the red harbour carries coal.',
        'The red line carries passengers from the harbour to the old town every day of the week.',
      ]),
    );
    const answer = await ask('What does the red line carry?');
    expect(answer.firstQuote).toContain('passengers');
  });

  it('refuses plainly when asked what someone thought and the article only reports what they did', async () => {
    app = createTestApp();
    load(
      article('Baltic defence', [
        'Estonian Prime Minister Kaja Kallas visited the border on Tuesday. Kallas inspected the troops stationed near Narva and met their commanders.',
      ]),
    );
    const reported = await ask('What did Kallas inspect near Narva?');
    expect(reported.firstQuote).toContain('Kallas inspected the troops');
    const stance = await ask('What did Kallas think about the troops near Narva?');
    expect(stance.status).toBe('abstained');
    expect(stance.answer).toBe(abstentionText);
  });

  it('answers a question about what someone thought when the article says so in another form of the verb', async () => {
    app = createTestApp();
    load(
      article('Baltic defence', [
        'Estonian Prime Minister Kaja Kallas visited the border on Tuesday. Kallas thought the troops near Narva should stay until the spring.',
      ]),
    );
    const answer = await ask('What did Kallas probably think about the troops near Narva?');
    expect(answer.status).toBe('answered');
    expect(answer.firstQuote).toContain('should stay until the spring');
  });
});
