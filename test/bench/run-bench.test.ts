import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

describe('npm run bench', () => {
  let directory = '';
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('measures every engine on a tiny corpus and prints one JSON document', () => {
    directory = mkdtempSync(join(tmpdir(), 'newsdesk-bench-test-'));
    const corpus = join(directory, 'corpus');
    mkdirSync(corpus);
    writeFileSync(
      join(corpus, 'one.txt'),
      'Port reopens\n\nThe port reopened on Monday after the storm.\nShips queued for two days.\n',
    );
    writeFileSync(
      join(corpus, 'two.txt'),
      'Grain prices\n\nGrain prices rose sharply this week.\nFarmers welcomed the news.\n',
    );
    const output = execFileSync(
      'npx',
      [
        'tsx',
        '--expose-gc',
        'src/bench/run-bench.ts',
        '--articles',
        '30',
        '--corpus',
        corpus,
        '--rounds',
        '1',
        '--queries',
        '5',
        '--json',
      ],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(output) as { runs: Record<string, unknown>[] };
    expect(report.runs.map((run) => run.engine)).toEqual(['newsdesk', 'fts5', 'minisearch']);
    for (const run of report.runs) {
      expect(run).toMatchObject({ articles: 30, queries: 5 });
      expect(Object.keys(run).sort()).toEqual(
        [
          'articles',
          'engine',
          'queries',
          'p50Ms',
          'p95Ms',
          'p99Ms',
          'answerP50Ms',
          'answerP95Ms',
          'ingestPerSec',
          'ingestOneByOnePerSec',
          'dbBytes',
          'coldStartMs',
          'peakRssMb',
        ].sort(),
      );
      expect(typeof run.p95Ms).toBe('number');
    }
    expect(typeof report.runs[0]?.ingestPerSec).toBe('number');
    expect(typeof report.runs[0]?.ingestOneByOnePerSec).toBe('number');
    expect(report.runs[2]?.ingestPerSec).toBeNull();
    expect(typeof report.runs[0]?.answerP95Ms).toBe('number');
    expect(report.runs[1]?.answerP95Ms).toBeNull();
  });
});
