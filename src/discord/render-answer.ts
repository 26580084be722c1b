import type { Answer, Citation, Claim } from '../answer/answer-schema.js';
import { discordLimits } from './discord-limits.js';
import {
  bold,
  clampText,
  code,
  joinMarkdown,
  link,
  markdown,
  untrustedWithin,
  type Markdown,
} from './discord-markdown.js';
import type { OutgoingButton, OutgoingMessage } from './discord-output.js';
import { textFragmentLink } from './text-fragment-link.js';

/** How an answer is laid out. */
export interface RenderAnswerOptions {
  /**
   * Makes the custom id of one of the answer's buttons (`['ask', 'vote', id, 'up']` …), bound to where the answer is
   * posted; null when the answer could not be stored, which leaves it without buttons.
   */
  buttonId: ((parts: string[]) => string) | null;
  /** The stored answer's row id, carried by its buttons. */
  answerId: number | null;
  /** Most sources shown under the answer itself; the rest go behind "Show all sources". */
  inlineSources?: number;
}

const defaultInlineSources = 5;
const maxQuoteCharacters = 900;
const maxTitleCharacters = 150;
const sourcesTitle = 'Sources';
const closestLinesTitle = 'Closest lines (not an answer)';
const fallbackAbstention = "I couldn't find that in the articles I have, so I won't guess.";

function footerFor(answer: Answer): string {
  return answer.mode === 'llm'
    ? 'Written by a language model; every quote was checked word for word against the stored article line.'
    : 'Quoted word for word from the stored articles.';
}

/** The bot's own citation marker: bold, so a bracketed number quoted from an article never reads as one. */
function marker(n: number): Markdown {
  return markdown`**[${n}]**`;
}

/**
 * One source under an answer: its number, the article title (linked to the quoted passage when the article has a
 * URL), source, date, line and id, then the quoted line text. Never longer than an embed description.
 */
export function renderSourceEntry(citation: Citation): Markdown {
  const title = untrustedWithin(citation.title, maxTitleCharacters);
  const linked = citation.url
    ? link(title, textFragmentLink(citation.url, clampText(citation.quote, maxQuoteCharacters)))
    : bold(title);
  const details = markdown`${untrustedWithin(citation.source, 100)} \u00b7 ${citation.published.slice(0, 10)} \u00b7 line ${citation.line} \u00b7 ${code(citation.articleId)}`;
  return markdown`${marker(citation.n)} ${linked} \u00b7 ${details}\n> ${untrustedWithin(citation.quote, maxQuoteCharacters)}`;
}

/** A claim as shown: its text neutralised, then the bot's markers. */
function renderClaim(claim: Claim, limit: number): Markdown {
  const markers = joinMarkdown(claim.citations.map(marker), '');
  return markdown`${untrustedWithin(claim.text, limit - markers.length - 1)} ${markers}`;
}

/** Packs rendered claims into as few messages of at most `limit` characters as possible, keeping their order. */
function packClaims(claims: readonly Markdown[], separator: string, limit: number): Markdown[] {
  const chunks: Markdown[] = [];
  let current: Markdown[] = [];
  let length = 0;
  for (const claim of claims) {
    if (current.length > 0 && length + separator.length + claim.length > limit) {
      chunks.push(joinMarkdown(current, separator));
      current = [];
      length = 0;
    }
    length += (current.length > 0 ? separator.length : 0) + claim.length;
    current.push(claim);
  }
  if (current.length > 0) chunks.push(joinMarkdown(current, separator));
  return chunks;
}

/** Packs source entries into embed descriptions within Discord's limits, leaving room for title and footer. */
function packSources(entries: readonly Markdown[], budget: number): Markdown[] {
  return packClaims(entries, '\n', budget);
}

function embedBudget(answer: Answer): number {
  return Math.min(
    discordLimits.embedDescription,
    discordLimits.embedTotal - sourcesTitle.length - 80 - footerFor(answer).length,
  );
}

/** The answer's text messages: its claims (split only between claims), or the abstention, then its note. */
function answerChunks(answer: Answer): Markdown[] {
  const limit = discordLimits.content;
  const claims = answer.claims.map((claim) => renderClaim(claim, limit));
  const chunks =
    answer.status === 'answered' && claims.length > 0
      ? packClaims(claims, answer.mode === 'extractive' ? '\n' : ' ', limit)
      : [untrustedWithin(answer.answer.trim() || fallbackAbstention, limit)];
  if (answer.note) {
    const note = markdown`-# ${untrustedWithin(answer.note, 500)}`;
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last.length + 1 + note.length <= limit) {
      chunks[chunks.length - 1] = markdown`${last}\n${note}`;
    } else {
      chunks.push(note);
    }
  }
  return chunks;
}

/**
 * Lays an answer out as one or more Discord messages: the claims (split only between claims) with the bot's bold
 * `[n]` markers, then on the last message a Sources embed quoting each cited line, feedback buttons, and a
 * "Show all sources" button when not every source fits. Every message stays within Discord's limits.
 */
export function renderAnswer(answer: Answer, options: RenderAnswerOptions): OutgoingMessage[] {
  const messages = answerChunks(answer).map((content): OutgoingMessage => ({ content }));
  const last = messages[messages.length - 1] as OutgoingMessage;

  const limit = options.inlineSources ?? defaultInlineSources;
  const entries = answer.citations.map(renderSourceEntry);
  const budget = embedBudget(answer);
  const shown: Markdown[] = [];
  let length = 0;
  for (const entry of entries.slice(0, limit)) {
    if (length + (shown.length > 0 ? 1 : 0) + entry.length > budget) break;
    length += (shown.length > 0 ? 1 : 0) + entry.length;
    shown.push(entry);
  }
  const hidden = entries.length - shown.length;
  const embeds =
    shown.length > 0
      ? [
          {
            title: markdown`${sourcesTitle}`,
            description: joinMarkdown(shown, '\n'),
            footer:
              hidden > 0
                ? `${footerFor(answer)} ${hidden} more source${hidden === 1 ? '' : 's'} behind the button.`
                : footerFor(answer),
          },
        ]
      : [];
  // When the model found no supported answer, the lines retrieval found closest are shown as lines, not as an answer.
  const [closest] = packSources((answer.closestLines ?? []).map(renderSourceEntry), embedBudget(answer));
  if (closest !== undefined && embeds.length === 0) {
    embeds.push({ title: markdown`${closestLinesTitle}`, description: closest, footer: footerFor(answer) });
  }
  const buttons: OutgoingButton[] = [];
  if (options.buttonId !== null && options.answerId !== null) {
    const id = String(options.answerId);
    buttons.push(
      { customId: options.buttonId(['ask', 'vote', id, 'up']), emoji: '\u{1F44D}' },
      { customId: options.buttonId(['ask', 'vote', id, 'down']), emoji: '\u{1F44E}' },
    );
    if (hidden > 0) {
      buttons.push({
        customId: options.buttonId(['ask', 'sources', id]),
        style: 'primary',
        label: `Show all ${entries.length} sources`,
      });
    }
  }
  messages[messages.length - 1] = { ...last, embeds, buttons: [buttons] };
  return messages;
}

/** Every source of an answer, as pages of one embed each, for the private "Show all sources" reply. */
export function renderAllSources(answer: Answer): OutgoingMessage[] {
  const pages = packSources(answer.citations.map(renderSourceEntry), embedBudget(answer));
  return pages.map((description, index) => ({
    content: markdown``,
    embeds: [
      {
        title:
          pages.length === 1
            ? markdown`${sourcesTitle}`
            : markdown`${sourcesTitle} (${index + 1} of ${pages.length})`,
        description,
        footer: footerFor(answer),
      },
    ],
  }));
}
