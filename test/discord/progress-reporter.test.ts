import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter } from '../../src/discord/progress-reporter.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createProgressReporter', () => {
  it('edits at most once a second, showing the latest stage', async () => {
    const edits: { at: number; text: string }[] = [];
    const start = Date.now();
    const reporter = createProgressReporter(
      (text) => {
        edits.push({ at: Date.now() - start, text });
        return Promise.resolve();
      },
      () => {},
    );
    reporter.report('searching');
    reporter.report('asking-llm');
    await vi.advanceTimersByTimeAsync(500);
    expect(edits).toEqual([]);
    reporter.report('verifying');
    await vi.advanceTimersByTimeAsync(600);
    expect(edits.map((edit) => edit.text)).toEqual([expect.stringContaining('Checking every quote')]);
    reporter.report('asking-llm');
    await vi.advanceTimersByTimeAsync(400);
    expect(edits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(700);
    expect(edits).toHaveLength(2);
    for (let index = 1; index < edits.length; index += 1) {
      expect((edits[index]?.at ?? 0) - (edits[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });

  it('never edits after it has finished, so the answer is not overwritten', async () => {
    const edits: string[] = [];
    const reporter = createProgressReporter(
      (text) => {
        edits.push(text);
        return Promise.resolve();
      },
      () => {},
    );
    reporter.report('asking-llm');
    await reporter.finish();
    reporter.report('verifying');
    await vi.advanceTimersByTimeAsync(5000);
    expect(edits).toEqual([]);
  });

  it('waits for an edit in flight before finishing', async () => {
    let finishEdit = (): void => {};
    const reporter = createProgressReporter(
      () => new Promise<void>((resolve) => (finishEdit = resolve)),
      () => {},
    );
    reporter.report('asking-llm');
    await vi.advanceTimersByTimeAsync(1000);
    let finished = false;
    const finishing = reporter.finish().then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(finished).toBe(false);
    finishEdit();
    await finishing;
    expect(finished).toBe(true);
  });
});
