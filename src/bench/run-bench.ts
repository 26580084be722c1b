import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { addArticle } from '../corpus/add-article.js';
import { addArticles } from '../corpus/add-articles.js';
import { percentile } from '../eval/percentile.js';
import { silentLogger } from '../logger.js';
import { buildFts5Table } from '../retrieval/fts5-retriever.js';
import { createIndexRetriever } from '../retrieval/index-retriever.js';
import { ArticleStore } from '../corpus/article-store.js';
import { openDatabase } from '../store/open-database.js';
import { benchQuestions, buildCorpus, readSentencePool } from './build-corpus.js';
import { benchEngines, openBenchEngine, type BenchEngine } from './open-bench-engine.js';

/** One line of the bench report (null where a figure does not apply to that engine). */
export interface BenchRun {
  articles: number;
  engine: BenchEngine;
  queries: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** The whole extractive answer (retrieval, re-ranking, reading lines, checking quotes), for newsdesk only. */
  answerP50Ms: number | null;
  answerP95Ms: number | null;
  /** Bulk import: `addArticles` in batches of 1,000 (one transaction each), index updated after each batch. */
  ingestPerSec: number | null;
  /** One `addArticle` transaction per article, the index caught up after each, as the running bot adds them. */
  ingestOneByOnePerSec: number | null;
  dbBytes: number | null;
  coldStartMs: number | null;
  peakRssMb: number | null;
}

type ChildMessage =
  | { type: 'ready'; coldStartMs: number }
  | { type: 'round'; latencies: number[]; answerLatencies: number[] }
  | { type: 'done'; peakRssMb: number };

const usage =
  'usage: npm run bench -- [--articles 1000,10000,100000] [--corpus DIR] [--engines newsdesk,fts5,minisearch] [--rounds 5] [--json]';

/**
 * This process's peak resident memory in MB. On Linux it is read from `VmHWM`, because `getrusage`'s maxRSS of a
 * forked child starts at its parent's RSS at the fork (the kernel carries it across exec), so after a large ingest it
 * reported the parent's memory rather than the engine's.
 */
function peakRssMb(): number {
  try {
    const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kilobytes !== undefined) return Number(kilobytes) / 1024;
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** The child side: opens one engine (timing the cold start) and answers rounds of questions when told to. */
function runChild(engine: BenchEngine, databasePath: string, questions: string[]): void {
  const started = performance.now();
  const db = openDatabase(databasePath);
  const engineHandle = openBenchEngine(engine, db, `${databasePath}.index`);
  engineHandle.search(questions[0] ?? 'news');
  const send = (message: ChildMessage): void => void process.send?.(message);
  send({ type: 'ready', coldStartMs: performance.now() - started });
  process.on('message', (message: { type: 'round' | 'stop' }) => {
    if (message.type === 'stop') {
      send({ type: 'done', peakRssMb: peakRssMb() });
      db.close();
      process.disconnect?.();
      return;
    }
    void (async () => {
      const latencies = questions.map((question) => {
        const from = performance.now();
        engineHandle.search(question);
        return performance.now() - from;
      });
      const answerLatencies: number[] = [];
      const answer = engineHandle.answer;
      if (answer !== null) {
        for (const question of questions) {
          const from = performance.now();
          await answer(question);
          answerLatencies.push(performance.now() - from);
        }
      }
      send({ type: 'round', latencies, answerLatencies });
    })();
  });
}

function next(child: ChildProcess, type: ChildMessage['type']): Promise<ChildMessage> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (message: ChildMessage): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolvePromise(message);
    };
    const onExit = (code: number | null): void => reject(new Error(`bench child exited with code ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return percentile(present, 0.5);
}

const round2 = (value: number | null): number | null => (value === null ? null : Number(value.toFixed(3)));

/** Heap limit for each engine's process: most of the machine's memory, as MiniSearch needs gigabytes at 100k. */
const childHeapMb = Math.floor((totalmem() / 1_048_576) * 0.75);

/** Articles per transaction in a bulk import. */
const batchSize = 1000;

/**
 * Ingests the corpus into a new database and keeps the newsdesk index up to date as it goes, then writes its
 * snapshot; returns articles per second. `batched` uses `addArticles` (one transaction per 1,000 articles, the index
 * caught up after each batch); otherwise `addArticle` (one transaction per article, the index caught up after each).
 */
function ingest(databasePath: string, articles: ReturnType<typeof buildCorpus>, batched: boolean): number {
  const started = performance.now();
  const db = openDatabase(databasePath);
  const deps = {
    articles: new ArticleStore(db),
    clock: { now: () => new Date('2025-01-01') },
    logger: silentLogger,
  };
  const retriever = createIndexRetriever(db, { snapshotPath: `${databasePath}.index` });
  if (batched) {
    for (let from = 0; from < articles.length; from += batchSize) {
      const report = addArticles(deps, articles.slice(from, from + batchSize), {
        scope: 'global',
        addedBy: null,
      });
      const failure = report.failed.find((failed) => failed.reason !== 'duplicate');
      if (failure) throw new Error(failure.message);
      retriever.catchUp();
    }
  } else {
    for (const article of articles) {
      const result = addArticle(deps, article, { scope: 'global', addedBy: null });
      if (!result.ok && result.reason !== 'duplicate') throw new Error(result.message);
      retriever.catchUp();
    }
  }
  retriever.saveSnapshot();
  db.close();
  return articles.length / ((performance.now() - started) / 1000);
}

function fileBytes(path: string): number {
  return ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(path + suffix) ? statSync(path + suffix).size : 0),
    0,
  );
}

async function measureSize(
  size: number,
  engines: readonly BenchEngine[],
  pool: ReturnType<typeof readSentencePool>,
  questions: string[],
  rounds: number,
  log: (text: string) => void,
): Promise<BenchRun[]> {
  const directory = mkdtempSync(join(tmpdir(), 'newsdesk-bench-'));
  const databasePath = join(directory, 'bench.db');
  try {
    const corpus = buildCorpus(size, pool);
    log(`${size} articles: ingesting one article per transaction…`);
    const oneByOnePath = join(directory, 'one-by-one.db');
    const ingestOneByOnePerSec = ingest(oneByOnePath, corpus, false);
    for (const suffix of ['', '-wal', '-shm', '.index']) rmSync(oneByOnePath + suffix, { force: true });
    log(`${size} articles: ingesting in batches of ${batchSize}…`);
    const ingestPerSec = ingest(databasePath, corpus, true);
    const dbBytes = fileBytes(databasePath);
    const indexBytes = existsSync(`${databasePath}.index`) ? statSync(`${databasePath}.index`).size : 0;
    // Plain FTS5 gets its own copy of the same sentences with its full-text table built over them.
    const fts5Path = join(directory, 'fts5.db');
    if (engines.includes('fts5')) {
      log(`${size} articles: building the FTS5 table in a copy…`);
      copyFileSync(databasePath, fts5Path);
      const fts5Db = openDatabase(fts5Path);
      buildFts5Table(fts5Db);
      fts5Db.close();
    }
    const children = new Map<BenchEngine, { child: ChildProcess; coldStartMs: number }>();
    const failed: BenchEngine[] = [];
    for (const engine of engines) {
      log(`${size} articles: opening ${engine}…`);
      const path = engine === 'fts5' ? fts5Path : databasePath;
      const child = fork(process.argv[1] ?? '', ['--child', engine, '--db', path], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        // MiniSearch needs gigabytes at 100k articles: let the heap grow to most of the machine's memory (RSS
        // still reports only what each engine really uses).
        execArgv: [...process.execArgv, `--max-old-space-size=${childHeapMb}`],
      });
      child.send({ type: 'questions', questions });
      try {
        const ready = (await next(child, 'ready')) as { coldStartMs: number };
        children.set(engine, { child, coldStartMs: ready.coldStartMs });
      } catch (error) {
        // One engine failing to load (out of memory, say) must not lose the others' figures.
        log(`${size} articles: ${engine} could not be measured: ${(error as Error).message}`);
        failed.push(engine);
      }
    }
    const perRound = new Map<
      BenchEngine,
      {
        p50: number | null;
        p95: number | null;
        p99: number | null;
        answerP50: number | null;
        answerP95: number | null;
      }[]
    >();
    for (let round = 0; round < rounds; round++) {
      // Interleaved: every engine runs each round in turn, so machine noise hits them alike.
      for (const [engine, { child }] of children) {
        child.send({ type: 'round' });
        const { latencies, answerLatencies } = (await next(child, 'round')) as {
          latencies: number[];
          answerLatencies: number[];
        };
        const list = perRound.get(engine) ?? [];
        list.push({
          p50: percentile(latencies, 0.5),
          p95: percentile(latencies, 0.95),
          p99: percentile(latencies, 0.99),
          answerP50: percentile(answerLatencies, 0.5),
          answerP95: percentile(answerLatencies, 0.95),
        });
        perRound.set(engine, list);
      }
    }
    const runs: BenchRun[] = [];
    for (const [engine, { child, coldStartMs }] of children) {
      child.send({ type: 'stop' });
      const { peakRssMb } = (await next(child, 'done')) as { peakRssMb: number };
      const list = perRound.get(engine) ?? [];
      runs.push({
        articles: size,
        engine,
        queries: questions.length,
        p50Ms: round2(median(list.map((entry) => entry.p50))),
        p95Ms: round2(median(list.map((entry) => entry.p95))),
        p99Ms: round2(median(list.map((entry) => entry.p99))),
        answerP50Ms: round2(median(list.map((entry) => entry.answerP50))),
        answerP95Ms: round2(median(list.map((entry) => entry.answerP95))),
        ingestPerSec: engine === 'newsdesk' ? Math.round(ingestPerSec) : null,
        ingestOneByOnePerSec: engine === 'newsdesk' ? Math.round(ingestOneByOnePerSec) : null,
        dbBytes:
          engine === 'newsdesk' ? dbBytes + indexBytes : engine === 'fts5' ? fileBytes(fts5Path) : null,
        coldStartMs: round2(coldStartMs),
        peakRssMb: Math.round(peakRssMb),
      });
    }
    for (const engine of failed) {
      runs.push({
        articles: size,
        engine,
        queries: questions.length,
        p50Ms: null,
        p95Ms: null,
        p99Ms: null,
        answerP50Ms: null,
        answerP95Ms: null,
        ingestPerSec: null,
        ingestOneByOnePerSec: null,
        dbBytes: null,
        coldStartMs: null,
        peakRssMb: null,
      });
    }
    return runs;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function renderTable(runs: readonly BenchRun[]): string {
  const header = [
    'articles',
    'engine',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'p95 vs newsdesk',
    'answer p50 ms',
    'answer p95 ms',
    'ingest/s batch',
    'ingest/s single',
    'db MB',
    'cold start ms',
    'peak RSS MB',
  ];
  const rows = runs.map((run) => {
    const newsdesk = runs.find((other) => other.articles === run.articles && other.engine === 'newsdesk');
    const ratio = newsdesk?.p95Ms && run.p95Ms !== null ? `${(run.p95Ms / newsdesk.p95Ms).toFixed(1)}×` : '-';
    const show = (value: number | null, digits = 2): string => (value === null ? '-' : value.toFixed(digits));
    return [
      String(run.articles),
      run.engine,
      show(run.p50Ms),
      show(run.p95Ms),
      show(run.p99Ms),
      ratio,
      show(run.answerP50Ms),
      show(run.answerP95Ms),
      show(run.ingestPerSec, 0),
      show(run.ingestOneByOnePerSec, 0),
      run.dbBytes === null ? '-' : (run.dbBytes / 1_048_576).toFixed(1),
      show(run.coldStartMs, 0),
      show(run.peakRssMb, 0),
    ];
  });
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (values: readonly string[]): string =>
    `| ${values.map((value, index) => value.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** `npm run bench`: retrieval and whole-answer latency, ingest, size, cold start and memory of newsdesk against FTS5 and MiniSearch. */
async function runBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string', default: '1000,10000' },
      corpus: { type: 'string' },
      engines: { type: 'string', default: benchEngines.join(',') },
      rounds: { type: 'string', default: '5' },
      queries: { type: 'string', default: '300' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.error(usage);
    return 0;
  }
  const sizes = values.articles.split(',').map((size) => Number(size.trim()));
  const engines = values.engines.split(',').map((engine) => engine.trim());
  const unknown = engines.filter((engine) => !(benchEngines as readonly string[]).includes(engine));
  if (sizes.some((size) => !Number.isInteger(size) || size <= 0) || unknown.length > 0) {
    console.error(usage);
    return 2;
  }
  const evalDirectory = resolve('..', 'shared', 'eval');
  const pool = readSentencePool({
    ...(values.corpus === undefined ? {} : { corpusDirectory: values.corpus }),
    dataDirectory: resolve('data', 'articles'),
    evalDirectory,
  });
  if (pool.sentences.length === 0) {
    console.error('No sentences to build a corpus from: give --corpus DIR or run from the project folder.');
    return 1;
  }
  const questions = benchQuestions(evalDirectory, pool, Number(values.queries));
  const log = (text: string): void => {
    if (!values.json) console.error(text);
  };
  const runs: BenchRun[] = [];
  for (const size of sizes) {
    runs.push(
      ...(await measureSize(size, engines as BenchEngine[], pool, questions, Number(values.rounds), log)),
    );
  }
  if (values.json) console.log(JSON.stringify({ runs }));
  else console.log(renderTable(runs));
  return 0;
}

const childAt = process.argv.indexOf('--child');
if (childAt !== -1) {
  const engine = process.argv[childAt + 1] as BenchEngine;
  const databasePath = process.argv[process.argv.indexOf('--db') + 1] ?? '';
  process.once('message', (message: { questions: string[] }) =>
    runChild(engine, databasePath, message.questions),
  );
} else {
  try {
    process.exitCode = await runBench(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exitCode = 1;
  }
}
