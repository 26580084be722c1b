import type { EvalFigures } from './summarize-outcomes.js';

/** The table's columns; those marked `llm` are shown only when some row has a figure for them. */
const allColumns: {
  title: string;
  show: (figures: EvalFigures) => string;
  llm?: (figures: EvalFigures) => unknown;
}[] = [
  { title: 'set', show: (figures) => figures.name },
  { title: 'questions', show: (figures) => String(figures.questions) },
  { title: 'recall@1', show: (figures) => fraction(figures.lineRecallAt1) },
  { title: 'recall@5', show: (figures) => fraction(figures.lineRecallAt5) },
  { title: 'answer-in-quote@1', show: (figures) => fraction(figures.answerInQuoteAt1) },
  {
    title: 'unanswerable refused',
    show: (figures) => `${fraction(figures.unanswerableRefused)} of ${figures.unanswerable}`,
  },
  {
    title: 'answerable refused',
    show: (figures) => `${fraction(figures.answerableRefused)} of ${figures.answerable}`,
  },
  { title: 'verified quotes', show: (figures) => fraction(figures.verifiedQuoteRate) },
  {
    title: 'prompt tokens p50',
    show: (figures) => figures.promptTokensMedian?.toFixed(0) ?? '-',
    llm: (figures) => figures.promptTokensMedian,
  },
  {
    title: 'prompt tokens p95',
    show: (figures) => figures.promptTokensP95?.toFixed(0) ?? '-',
    llm: (figures) => figures.promptTokensP95,
  },
  {
    title: 'claims verified',
    show: (figures) => fraction(figures.claimsVerifiedRate),
    llm: (figures) => figures.claimsVerifiedRate,
  },
  {
    title: 'model refusals',
    show: (figures) => figures.modelRefusals?.toFixed(0) ?? '-',
    llm: (figures) => figures.modelRefusals,
  },
  { title: 'latency p50 ms', show: (figures) => figures.latencyMsP50?.toFixed(1) ?? '-' },
  { title: 'latency p95 ms', show: (figures) => figures.latencyMsP95?.toFixed(1) ?? '-' },
];

function fraction(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

/** Renders eval figures as a Markdown table, one row per set and a last row for all of them (LLM columns with an LLM). */
export function renderEvalTable(rows: readonly EvalFigures[]): string {
  const columns = allColumns.filter(
    (column) => column.llm === undefined || rows.some((row) => (column.llm?.(row) ?? null) !== null),
  );
  const cells = rows.map((row) => columns.map((column) => column.show(row)));
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...cells.map((row) => (row[index] ?? '').length)),
  );
  const line = (values: readonly string[]): string =>
    `| ${values.map((value, index) => value.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  return [
    line(columns.map((column) => column.title)),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}
