import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import type { ArticleInput } from '../corpus/article-input.js';
import { evaluateSets } from './evaluate-sets.js';
import { readEvalSet } from './read-eval-set.js';
import { readTextArticles } from './read-text-articles.js';
import { renderEvalTable } from './render-eval-table.js';
import { spanAnswerSets, summarizeOutcomes, type EvalFigures } from './summarize-outcomes.js';

const usage =
  'usage: npm run eval -- [--json] [--llm] [--limit N] [--distractors DIR]... SET_DIR...\n' +
  '  the documented runs load ../shared/eval/distractors-reuters as distractors, as a deployment holds thousands of articles';

/** `npm run eval`: answer quality on eval sets, as a table or (`--json`) one JSON document. */
async function runEval(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      llm: { type: 'boolean', default: false },
      distractors: { type: 'string', multiple: true, default: [] },
      limit: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    console.error(usage);
    return 2;
  }
  const sets = positionals.map(readEvalSet);
  const distractors: ArticleInput[] = values.distractors.flatMap((directory) => readTextArticles(directory));
  const showProgress = !values.json && process.stderr.isTTY;
  const { outcomes, distractorsLoaded } = await evaluateSets(loadConfig(), {
    sets,
    distractors,
    useLlm: values.llm,
    ...(limit === undefined ? {} : { limit }),
    onWarning: (warning: string) => console.error(`warning: ${warning}`),
    ...(showProgress
      ? { onProgress: (done: number, total: number) => process.stderr.write(`\r${done}/${total} questions`) }
      : {}),
  });
  if (showProgress) process.stderr.write('\n');
  const spanSets = spanAnswerSets(outcomes);
  const perSet: EvalFigures[] = sets.map((set) =>
    summarizeOutcomes(
      set.name,
      outcomes.filter((outcome) => outcome.set === set.name),
      spanSets,
    ),
  );
  const overall = summarizeOutcomes('overall', outcomes, spanSets);
  if (values.json) {
    console.log(JSON.stringify({ sets: perSet, overall }));
  } else {
    const mode = values.llm ? 'LLM' : 'extractive';
    console.log(
      `${mode} answers to ${outcomes.length} questions; ${sets.reduce((sum, set) => sum + set.articles.length, 0)} set articles and ${distractorsLoaded} distractors loaded together\n`,
    );
    console.log(renderEvalTable([...perSet, overall]));
  }
  return 0;
}

try {
  process.exitCode = await runEval(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exitCode = 1;
}
