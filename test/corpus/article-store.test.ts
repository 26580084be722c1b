import { afterEach, describe, expect, it } from 'vitest';
import { addArticle } from '../../src/corpus/add-article.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';

let app: TestApp | undefined;
afterEach(() => app?.close());

describe('article store', () => {
  it('reads several articles by row number in one call, as each is read alone, skipping rows that are gone', () => {
    const testApp = createTestApp();
    app = testApp;
    const rowids = ['Harbour reopens', 'Bridge closes', 'Ferry delayed'].map((title) => {
      const stored = addArticle(
        testApp.deps,
        {
          id: null,
          title,
          source: 'Test Wire',
          url: null,
          published: '2025-09-01',
          author: null,
          lines: [`${title} today.`],
        },
        { scope: 'global', addedBy: null },
      );
      if (!stored.ok) throw new Error(stored.message);
      return stored.value.rowid;
    });
    const { articles } = testApp.deps;
    const read = articles.byRowids([...rowids, 999_999]);
    expect(read.sort((left, right) => left.rowid - right.rowid)).toEqual(
      rowids.map((rowid) => articles.byRowid(rowid)),
    );
    expect(articles.byRowids([])).toEqual([]);
  });
});
