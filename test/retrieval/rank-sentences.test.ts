import { afterEach, describe, expect, it } from 'vitest';
import { addArticle } from '../../src/corpus/add-article.js';
import { rankSentences } from '../../src/retrieval/rank-sentences.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';

const guild = '333333333333333333';

let app: TestApp | undefined;
afterEach(() => app?.close());

describe('rankSentences', () => {
  // A getter written into each result closed over the whole ranking, and V8 kept every ranking through the scavenges
  // that should have freed it (6 ms pauses every ten answers at 100,000 articles): the results hold no getter or
  // function of their own (the stance is read lazily by their prototype).
  it('returns results with no getter or function of their own, each stance read from its own article', () => {
    app = createTestApp();
    const stored = addArticle(
      app.deps,
      {
        id: null,
        title: 'Baltic defence',
        source: 'Test Wire',
        url: null,
        published: '2025-09-01',
        author: null,
        lines: [
          'Kaja Kallas visited the border on Tuesday. Kallas inspected the troops stationed near Narva.',
          'Kallas thought the troops near Narva should stay until the spring.',
        ],
      },
      { scope: guild, addedBy: 'tester' },
    );
    if (!stored.ok) throw new Error(stored.message);
    const request = { scope: guild, limit: 8, now: new Date('2025-09-02T00:00:00Z') };
    for (const question of [
      'What did Kallas think about the troops?',
      'Who inspected the troops near Narva?',
    ]) {
      const ranked = rankSentences(app.deps.retriever, app.deps.articles, { ...request, question });
      expect(ranked.map((sentence) => sentence.article.title)).toContain('Baltic defence');
      for (const sentence of ranked) {
        for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(sentence))) {
          expect({
            key,
            accessor: 'get' in descriptor,
            function: typeof descriptor.value === 'function',
          }).toEqual({
            key,
            accessor: false,
            function: false,
          });
        }
        // Only the article that says what Kallas thought has the stance; the seed article reports what she said.
        const thinking = question.startsWith('What did Kallas think');
        expect(sentence.stanceFound).toBe(!thinking || sentence.article.rowid === stored.value.rowid);
      }
    }
  });
});
