import type { EvalFigures } from './summarize-outcomes.js';

const columns: { title: string; show: (figures: EvalFigures) => string }[] = [
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
  { title: 'prompt tokens p50', show: (figures) => figures.promptTokensMedian?.toFixed(0) ?? '-' },
  { title: 'latency p50 ms', show: (figures) => figures.latencyMsP50?.toFixed(1) ?? '-' },
  { title: 'latency p95 ms', show: (figures) => figures.latencyMsP95?.toFixed(1) ?? '-' },
];

function fraction(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

/** Renders eval figures as a Markdown table, one row per set and a last row for all of them. */
export function renderEvalTable(rows: readonly EvalFigures[]): string {
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
