import type { AnswerStage } from '../answer/answer-question.js';

/** Words shown while an answer is being built; searching is too quick to be worth an edit. */
const stageText: Record<AnswerStage, string | null> = {
  searching: null,
  'asking-llm': '\u{1F4DD} Asking the language model, using the articles I found\u2026',
  verifying: '\u{1F50E} Checking every quote word for word against the articles\u2026',
};

/** Shows answer progress by editing a reply, at most once per `intervalMs`; see {@link createProgressReporter}. */
export interface ProgressReporter {
  report(stage: AnswerStage): void;
  /** Stops further edits and waits for one still in flight, so the final answer is never overwritten. */
  finish(): Promise<void>;
}

/**
 * Creates a reporter that edits a deferred reply with the latest stage, no sooner than `intervalMs` after the
 * deferral or the previous edit; stages that arrive in between replace each other.
 */
export function createProgressReporter(
  edit: (text: string) => Promise<unknown>,
  onError: (error: unknown) => void,
  intervalMs = 1000,
): ProgressReporter {
  let lastEditAt = Date.now();
  let pending: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let finished = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  const flush = (): void => {
    timer = null;
    if (finished || pending === null) return;
    const text = pending;
    pending = null;
    lastEditAt = Date.now();
    inFlight = inFlight.then(() => edit(text)).catch(onError);
  };

  return {
    report(stage) {
      const text = stageText[stage];
      if (finished || text === null) return;
      pending = text;
      if (timer === null) timer = setTimeout(flush, Math.max(0, lastEditAt + intervalMs - Date.now()));
    },
    async finish() {
      finished = true;
      if (timer !== null) clearTimeout(timer);
      await inFlight;
    },
  };
}
