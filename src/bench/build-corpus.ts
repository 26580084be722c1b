import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toBodyLines, type ArticleInput } from '../corpus/article-input.js';
import { splitSentences } from '../corpus/split-sentences.js';
import { readTextArticles } from '../eval/read-text-articles.js';

/** A small deterministic random number generator (mulberry32), so every run builds the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const syllables =
  'ka lo mi ra ven tor sa lin dre vo ne gar bel sto fi mar zu hel qui pra dan os ter wy'.split(' ');

/** A made-up proper name for a number: distinct numbers give distinct names, so vocabulary keeps growing. */
function inventedName(n: number): string {
  let name = '';
  let rest = n;
  do {
    name += syllables[rest % syllables.length];
    rest = Math.floor(rest / syllables.length);
  } while (rest > 0);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Real sentences to recombine: from `data/articles/` and the eval sets beside the project, or from `corpusDirectory`. */
export function readSentencePool(options: {
  corpusDirectory?: string;
  dataDirectory: string;
  evalDirectory: string;
}): {
  sentences: string[];
  titles: string[];
} {
  const lines: string[] = [];
  const titles: string[] = [];
  if (options.corpusDirectory !== undefined) {
    for (const article of readTextArticles(options.corpusDirectory)) {
      titles.push(article.title ?? '');
      lines.push(...article.lines);
    }
  } else {
    if (existsSync(options.dataDirectory)) {
      for (const name of readdirSync(options.dataDirectory).filter((file) => /\.(txt|md)$/.test(file))) {
        const body = readFileSync(join(options.dataDirectory, name), 'utf8').replace(
          /^---[\s\S]*?\n---\n/,
          '',
        );
        lines.push(...toBodyLines(body));
      }
    }
    if (existsSync(options.evalDirectory)) {
      for (const set of readdirSync(options.evalDirectory)) {
        const articles = join(options.evalDirectory, set, 'articles');
        if (!existsSync(articles)) continue;
        for (const name of readdirSync(articles)) {
          const body = toBodyLines(readFileSync(join(articles, name), 'utf8'));
          titles.push(name.replace(/\.txt$/, '').replace(/-/g, ' '));
          lines.push(...body);
        }
      }
    }
  }
  const sentences = lines.flatMap((line) => splitSentences(line).map((span) => span.text));
  return { sentences: sentences.filter((sentence) => sentence.length > 20), titles };
}

/**
 * Builds `count` articles by recombining real sentences, with proper names and numbers perturbed (names drawn
 * from a pool that grows with the corpus, so the vocabulary keeps growing as a real archive's does).
 */
export function buildCorpus(
  count: number,
  pool: { sentences: string[]; titles: string[] },
  seed = 42,
): ArticleInput[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const articles: ArticleInput[] = [];
  const start = Date.parse('2015-01-01T00:00:00Z');
  for (let index = 0; index < count; index++) {
    const namePool = 200 + index * 3;
    const perturb = (text: string): string =>
      text
        .replace(/(?<=\s)\p{Lu}\p{Ll}{3,}/gu, (word) =>
          random() < 0.35 ? inventedName(Math.floor(random() ** 2 * namePool)) : word,
        )
        .replace(/\b\d{1,4}\b/g, (number) =>
          random() < 0.5 ? String(Math.floor(random() * 10 ** number.length)) : number,
        );
    const lineCount = 4 + Math.floor(random() * 9);
    const lines: string[] = [];
    for (let line = 0; line < lineCount; line++) {
      const sentenceCount = 1 + Math.floor(random() * 3);
      const sentences: string[] = [];
      for (let sentence = 0; sentence < sentenceCount; sentence++)
        sentences.push(perturb(pick(pool.sentences)));
      lines.push(sentences.join(' '));
    }
    articles.push({
      id: `bench-${index}`,
      title: perturb(pick(pool.titles.length > 0 ? pool.titles : ['News'])) || 'News',
      source: 'Bench',
      url: null,
      published: new Date(start + index * 600_000).toISOString().slice(0, 10),
      author: null,
      lines,
    });
  }
  return articles;
}

/** A few hundred realistic questions: the eval sets' questions when present, else questions made from sentences. */
export function benchQuestions(evalDirectory: string, pool: { sentences: string[] }, count = 300): string[] {
  const questions: string[] = [];
  if (existsSync(evalDirectory)) {
    for (const set of readdirSync(evalDirectory)) {
      const file = join(evalDirectory, set, 'questions.jsonl');
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const parsed = JSON.parse(line) as { question?: unknown };
        if (typeof parsed.question === 'string') questions.push(parsed.question);
      }
    }
  }
  const random = seededRandom(7);
  while (questions.length < count && pool.sentences.length > 0) {
    const words = (pool.sentences[Math.floor(random() * pool.sentences.length)] ?? '').split(' ');
    const from = Math.floor(random() * Math.max(1, words.length - 6));
    questions.push(`What about ${words.slice(from, from + 6).join(' ')}?`);
  }
  const shuffled = questions.map((question) => ({ question, key: random() })).sort((a, b) => a.key - b.key);
  return shuffled.slice(0, count).map((entry) => entry.question);
}
