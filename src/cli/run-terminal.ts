import { createInterface } from 'node:readline';
import type { Deps } from '../deps.js';
import { countOf } from '../count-of.js';
import { runCliCommand, usage, type TerminalOutput } from './run-cli-command.js';
import { splitWords } from './split-words.js';

/** Words that end the session, with or without a slash. */
const leaveWords = new Set(['exit', 'quit', '/exit', '/quit']);

/**
 * The interactive terminal front end: reads `/ask …` and `/article …` lines (a line without a slash is a question)
 * and answers each, until end of input, `exit` or `quit`.
 */
export async function runTerminal(
  deps: Deps,
  input: NodeJS.ReadableStream = process.stdin,
  output: TerminalOutput = { out: (text) => console.log(text), err: (text) => console.error(text) },
): Promise<void> {
  const interactive = 'isTTY' in input && input.isTTY === true;
  const lines = createInterface({
    input,
    terminal: interactive,
    ...(interactive ? { output: process.stdout } : {}),
  });
  if (interactive) {
    output.out(
      `newsdesk: ask about the news in ${countOf(deps.articles.count('global'), 'article')}. /help lists commands; exit leaves.`,
    );
    lines.setPrompt('newsdesk> ');
    lines.prompt();
  }
  for await (const raw of lines) {
    const line = raw.trim();
    if (leaveWords.has(line.toLowerCase())) break;
    if (line !== '') await runLine(deps, line, output);
    if (interactive) lines.prompt();
  }
  lines.close();
}

async function runLine(deps: Deps, line: string, output: TerminalOutput): Promise<void> {
  if (line === '/help') {
    output.out(
      `${usage.replace(/^ {2}(ask|article)/gm, '  /$1')}\n  exit or quit leaves; a line without a slash is a question.`,
    );
    return;
  }
  // A question is split only at white space, so its quotes and apostrophes stay as typed.
  const askWords = /^\/ask(\s|$)/.exec(line) ? line.slice(4).trim().split(/\s+/) : null;
  if (askWords !== null) await runCliCommand(deps, ['ask', ...askWords], output);
  else if (line.startsWith('/')) await runCliCommand(deps, splitWords(line.slice(1)), output);
  else await runCliCommand(deps, ['ask', '--', line], output);
}
