import { parseArgs } from 'node:util';
import { answerQuestion } from '../answer/answer-question.js';
import { addArticle, type ArticleOverrides } from '../corpus/add-article.js';
import { fetchArticleUrl } from '../corpus/fetch-article-url.js';
import { readArticleFile } from '../corpus/read-article-file.js';
import { removeArticle } from '../corpus/remove-article.js';
import type { Deps } from '../deps.js';
import type { StoredArticle } from '../corpus/article-store.js';
import { renderAnswerText, shortDate } from './render-answer-text.js';

/** Where a terminal command writes: standard output for results, standard error for problems. */
export interface TerminalOutput {
  out(text: string): void;
  err(text: string): void;
}

/** The help text of the terminal commands. */
export const usage = `Commands:
  ask [--json] <question>
  article add <file|url> [--title T] [--source S] [--published 2025-08-29T10:00:00+02:00] [--url U] [--author A]
  article list [--json]
  article show <id> [--lines 3-5]
  article remove <id>`;

const terminalUser = 'terminal';

/**
 * Runs one terminal command (`ask …` or `article …`) against the core and returns its exit code: 0 on success,
 * 1 when the command could not be carried out, 2 when it was not understood.
 */
export async function runCliCommand(
  deps: Deps,
  words: readonly string[],
  output: TerminalOutput,
): Promise<number> {
  const [command, ...rest] = words;
  try {
    if (command === 'ask') return await ask(deps, rest, output);
    if (command === 'article') return await article(deps, rest, output);
    if (command === 'help' || command === undefined) {
      output.out(usage);
      return command === undefined ? 2 : 0;
    }
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      output.err(`${error.message}\n${usage}`);
      return 2;
    }
    throw error;
  }
  output.err(`Unknown command "${command}".\n${usage}`);
  return 2;
}

async function ask(deps: Deps, words: readonly string[], output: TerminalOutput): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...words],
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const result = await answerQuestion(deps, { question: positionals.join(' '), scope: 'global' });
  if (!result.ok) {
    output.err(result.message);
    return 1;
  }
  output.out(values.json ? JSON.stringify(result.value, null, 2) : renderAnswerText(result.value));
  return 0;
}

async function article(deps: Deps, words: readonly string[], output: TerminalOutput): Promise<number> {
  const [action, ...rest] = words;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean', default: false },
      lines: { type: 'string' },
      title: { type: 'string' },
      source: { type: 'string' },
      published: { type: 'string' },
      url: { type: 'string' },
      author: { type: 'string' },
    },
    allowPositionals: true,
  });
  const target = positionals[0];
  switch (action) {
    case 'list':
      return listArticles(deps, values.json, output);
    case 'show':
      return target === undefined
        ? missing('an article id', output)
        : showArticle(deps, target, values.lines, output);
    case 'remove': {
      if (target === undefined) return missing('an article id', output);
      const removed = removeArticle(deps, target, 'global', terminalUser);
      if (!removed.ok) return problem(removed.message, output);
      output.out(`Removed "${removed.value.id}" (${removed.value.title}).`);
      return 0;
    }
    case 'add': {
      if (target === undefined) return missing('a file path or a URL', output);
      const overrides: ArticleOverrides = {};
      for (const key of ['title', 'source', 'published', 'url', 'author'] as const) {
        const value = values[key];
        if (value !== undefined) overrides[key] = value;
      }
      const input = /^[a-z][a-z0-9+.-]*:\/\//i.test(target)
        ? await fetchArticleUrl(target, { allowPrivate: deps.config.NEWSDESK_ALLOW_PRIVATE_URLS })
        : await readArticleFile(target);
      if (!input.ok) return problem(input.message, output);
      const added = addArticle(deps, input.value, { scope: 'global', addedBy: terminalUser, overrides });
      if (!added.ok) return problem(added.message, output);
      output.out(`Added "${added.value.id}" (${added.value.title}, ${added.value.lineCount} lines).`);
      return 0;
    }
    default:
      output.err(`Unknown article action "${action ?? ''}".\n${usage}`);
      return 2;
  }
}

function listArticles(deps: Deps, json: boolean, output: TerminalOutput): number {
  const articles = deps.articles.list('global');
  if (json) {
    output.out(JSON.stringify(articles.map(publicFields), null, 2));
    return 0;
  }
  if (articles.length === 0) {
    output.out('No articles yet. Add one with: article add <file|url>');
    return 0;
  }
  for (const stored of articles) {
    output.out(
      `${stored.id}  ${shortDate(stored.published)}  ${stored.source}  ${stored.title}  (${stored.lineCount} lines, ${stored.origin === 'data' ? 'curated' : `added by ${stored.addedBy ?? 'unknown'}`})`,
    );
  }
  return 0;
}

function showArticle(deps: Deps, id: string, range: string | undefined, output: TerminalOutput): number {
  const stored = deps.articles.get(id, 'global');
  if (!stored) return problem(`No article with the id "${id}". List them with: article list`, output);
  let from = 1;
  let to = stored.lineCount;
  if (range !== undefined) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
    if (!match) return problem('--lines takes a line or a range, like 5 or 3-5.', output);
    from = Number(match[1]);
    to = Number(match[2] ?? match[1]);
    if (from < 1 || to < from || from > stored.lineCount) {
      return problem(`"${id}" has lines 1 to ${stored.lineCount}.`, output);
    }
  }
  output.out(
    [
      stored.title,
      `${stored.source}, ${stored.published}${stored.author ? `, by ${stored.author}` : ''}`,
      ...(stored.url ? [stored.url] : []),
      '',
      ...deps.articles
        .lines(stored.rowid, from, to)
        .map((line) => `${String(line.line).padStart(4)}  ${line.text}`),
    ].join('\n'),
  );
  return 0;
}

function publicFields(stored: StoredArticle) {
  const { rowid, fileHash, ...rest } = stored;
  return rest;
}

function missing(what: string, output: TerminalOutput): number {
  output.err(`Please give ${what}.\n${usage}`);
  return 2;
}

function problem(message: string, output: TerminalOutput): number {
  output.err(message);
  return 1;
}
