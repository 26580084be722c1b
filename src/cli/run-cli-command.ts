import { parseArgs } from 'node:util';
import { answerQuestion } from '../answer/answer-question.js';
import type { ArticleOverrides } from '../corpus/add-article.js';
import { addArticleFrom } from '../corpus/add-article-from.js';
import type { StoredArticle } from '../corpus/article-store.js';
import { listArticles } from '../corpus/list-articles.js';
import { removeArticle } from '../corpus/remove-article.js';
import { showArticle } from '../corpus/show-article.js';
import type { Deps } from '../deps.js';
import { countOf } from '../count-of.js';
import { renderAnswerText, shortDate } from './render-answer-text.js';

/** Where a terminal command writes: standard output for results, standard error for problems. */
export interface TerminalOutput {
  out(text: string): void;
  err(text: string): void;
}

/** The help text of the terminal commands. */
export const usage = `Commands:
  ask [--json] <question>
  article add <file|url>... [--title T] [--source S] [--published 2025-08-29T10:00:00+02:00] [--url U] [--author A] [--json]
  article list [--json]
  article show <id> [--lines 5|3-8] [--json]
  article remove <id> [--json]
With --json, the result (or {"error": {"code", "message"}}) is one JSON document on standard output.`;

const terminalUser = 'terminal';

/** A command that was not understood, with what to tell the user; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Runs one terminal command (`ask …` or `article …`) against the core and returns its exit code: 0 on success,
 * 1 when the command could not be carried out, 2 when it was not understood. With `--json` every outcome, errors
 * included, is one JSON document on standard output.
 */
export async function runCliCommand(
  deps: Deps,
  words: readonly string[],
  output: TerminalOutput,
): Promise<number> {
  const [command, ...rest] = words;
  return withUsage(rest.includes('--json'), usage, output, async () => {
    if (command === 'ask') return await ask(deps, rest, output);
    if (command === 'article') return await article(deps, rest, output);
    if (command === 'help') {
      output.out(usage);
      return 0;
    }
    throw new UsageError(command === undefined ? 'Give a command.' : `Unknown command "${command}".`);
  });
}

/**
 * Runs a terminal command, turning words it did not understand (a {@link UsageError} or a `parseArgs` error) into
 * exit code 2 with the message and the usage, or with `--json` a `{"error": {"code": "usage"}}` document.
 */
export async function withUsage(
  json: boolean,
  usageText: string,
  output: TerminalOutput,
  run: () => Promise<number>,
): Promise<number> {
  try {
    return await run();
  } catch (error) {
    const isParseError =
      error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    if (!(error instanceof UsageError) && !isParseError) throw error;
    const message = error.message;
    if (json) writeJson(output, { error: { code: 'usage', message } });
    else output.err(`${message}\n${usageText}`);
    return 2;
  }
}

/**
 * `ask`: every word is the question except `--json` and a `--` that ends the options, so a question may hold
 * dashes ("is -5 degrees cold?") or begin with one after `--`.
 */
async function ask(deps: Deps, words: readonly string[], output: TerminalOutput): Promise<number> {
  const question: string[] = [];
  let json = false;
  let options = true;
  for (const word of words) {
    if (options && word === '--') options = false;
    else if (options && word === '--json') json = true;
    else if (options && /^--[a-z]/i.test(word)) throw new UsageError(`Unknown option "${word}" for ask.`);
    else question.push(word);
  }
  const result = await answerQuestion(deps, { question: question.join(' '), scope: 'global' });
  if (!result.ok) return problem(output, json, result.reason, result.message);
  if (json) writeJson(output, result.value);
  else output.out(renderAnswerText(result.value));
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
  const json = values.json;
  const [target, ...extra] = positionals;
  const needsOne = (what: string): string => {
    if (target === undefined) throw new UsageError(`Please give ${what}.`);
    if (extra.length > 0)
      throw new UsageError(`article ${action} takes one ${what}; got ${positionals.length}.`);
    return target;
  };
  switch (action) {
    case 'list': {
      const { articles, total } = listArticles(deps, 'global');
      if (json) writeJson(output, articles.map(publicFields));
      else if (total === 0) output.out('No articles yet. Add one with: article add <file|url>');
      else for (const stored of articles) output.out(listLine(stored));
      return 0;
    }
    case 'show': {
      const shown = showArticle(deps, {
        id: needsOne('an article id'),
        scope: 'global',
        lines: values.lines,
      });
      if (!shown.ok) {
        const hint = shown.reason === 'not-found' ? ' List them with: article list' : '';
        return problem(output, json, shown.reason, `${shown.message}${hint}`);
      }
      const { article: stored, lines, range } = shown.value;
      if (json) {
        writeJson(output, { article: publicFields(stored), lines, note: range.note });
        return 0;
      }
      output.out(
        [
          stored.title,
          `${stored.source}, ${stored.published}${stored.author ? `, by ${stored.author}` : ''}`,
          ...(stored.url ? [stored.url] : []),
          '',
          ...lines.map((line) => `${String(line.line).padStart(4)}  ${line.text}`),
          ...(range.note === null ? [] : ['', `(${range.note})`]),
        ].join('\n'),
      );
      return 0;
    }
    case 'remove': {
      const removed = removeArticle(deps, needsOne('an article id'), 'global', terminalUser);
      if (!removed.ok) return problem(output, json, removed.reason, removed.message);
      if (json) writeJson(output, { removed: publicFields(removed.value) });
      else output.out(`Removed "${removed.value.id}" (${removed.value.title}).`);
      return 0;
    }
    case 'add':
      if (target === undefined) throw new UsageError('Please give a file path or a URL.');
      return addAll(deps, positionals, overridesFrom(values, positionals.length), json, output);
    default:
      throw new UsageError(`Unknown article action "${action ?? ''}".`);
  }
}

/** Adds each file or link in turn and reports each; fails (exit 1) if any of them was not added. */
async function addAll(
  deps: Deps,
  targets: readonly string[],
  overrides: ArticleOverrides,
  json: boolean,
  output: TerminalOutput,
): Promise<number> {
  const added: ReturnType<typeof publicFields>[] = [];
  const failed: { target: string; error: { code: string; message: string } }[] = [];
  for (const target of targets) {
    const from = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? { url: target } : { file: target };
    const result = await addArticleFrom(deps, from, { scope: 'global', addedBy: terminalUser, overrides });
    if (result.ok) {
      added.push(publicFields(result.value));
      if (!json) {
        output.out(
          `Added "${result.value.id}" (${result.value.title}, ${countOf(result.value.lineCount, 'line')})${targets.length > 1 ? ` from ${target}` : ''}.`,
        );
      }
    } else {
      failed.push({ target, error: { code: result.reason, message: result.message } });
      if (!json) output.err(targets.length > 1 ? `Not added: ${target}: ${result.message}` : result.message);
    }
  }
  if (json) writeJson(output, { added, failed });
  else if (targets.length > 1) {
    output.out(`${countOf(added.length, 'article')} added, ${failed.length} not added.`);
  }
  return failed.length === 0 ? 0 : 1;
}

function overridesFrom(
  values: Partial<Record<'title' | 'source' | 'published' | 'url' | 'author', string>>,
  targets: number,
): ArticleOverrides {
  const overrides: ArticleOverrides = {};
  for (const key of ['title', 'source', 'published', 'url', 'author'] as const) {
    const value = values[key];
    if (value !== undefined) overrides[key] = value;
  }
  if (targets > 1 && (overrides.title !== undefined || overrides.url !== undefined)) {
    throw new UsageError('--title and --url describe one article; give them with a single file or link.');
  }
  return overrides;
}

function listLine(stored: StoredArticle): string {
  const origin = stored.origin === 'data' ? 'curated' : `added by ${stored.addedBy ?? 'unknown'}`;
  return `${stored.id}  ${shortDate(stored.published)}  ${stored.source}  ${stored.title}  (${countOf(stored.lineCount, 'line')}, ${origin})`;
}

function publicFields(stored: StoredArticle) {
  const { rowid, fileHash, ...rest } = stored;
  return rest;
}

/** Writes one JSON document on standard output. */
export function writeJson(output: TerminalOutput, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

/** Reports a command that could not be carried out: exit code 1. */
export function problem(output: TerminalOutput, json: boolean, code: string, message: string): number {
  if (json) writeJson(output, { error: { code, message } });
  else output.err(message);
  return 1;
}
