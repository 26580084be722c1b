import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord.js';
import type { Answer, Citation } from '../answer/answer-schema.js';
import { discordLimits } from './discord-limits.js';
import { neutraliseText, stripInvisible } from './neutralise-text.js';
import { textFragmentLink } from './text-fragment-link.js';

/** One message ready to post: content, embeds and button rows as Discord's API takes them. */
export interface RenderedMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

/** How an answer is laid out. */
export interface RenderAnswerOptions {
  /** The stored answer's row id; feedback and "Show all sources" buttons are added only when it is known. */
  answerId: number | null;
  /** Most sources shown under the answer itself; the rest go behind "Show all sources". */
  inlineSources?: number;
}

/** Custom ids of the buttons under an answer; the `ask` command handles them. */
export const answerButtonIds = {
  vote: (answerId: number, vote: 'up' | 'down'): string => `ask:vote:${answerId}:${vote}`,
  sources: (answerId: number): string => `ask:sources:${answerId}`,
};

const defaultInlineSources = 5;
const maxQuoteCharacters = 900;
const maxTitleCharacters = 150;
const maxEntryCharacters = 3500;
const sourcesTitle = 'Sources';
const closestLinesTitle = 'Closest lines (not an answer)';
const fallbackAbstention = "I couldn't find that in the articles I have, so I won't guess.";

function footerFor(answer: Answer): string {
  return answer.mode === 'llm'
    ? 'Written by a language model; every quote was checked word for word against the stored article line.'
    : 'Quoted word for word from the stored articles.';
}

/** Cuts `text` to at most `limit` characters at a word boundary, marking the cut with an ellipsis. */
function clamp(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 2);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()} \u2026`;
}

/**
 * One source under an answer: its number, the article title (linked to the quoted passage when the article has a
 * URL), source, date, line and id, then the quoted line text. Never longer than an embed description.
 */
export function renderSourceEntry(citation: Citation): string {
  const full = sourceEntry(citation, maxQuoteCharacters, true);
  // Escaping can double a hostile quote's length; a shorter quote and no link keep one entry inside one embed.
  return full.length <= maxEntryCharacters ? full : sourceEntry(citation, maxQuoteCharacters / 4, false);
}

function sourceEntry(citation: Citation, quoteLimit: number, withLink: boolean): string {
  const quote = clamp(stripInvisible(citation.quote).trim(), quoteLimit);
  const title = neutraliseText(clamp(stripInvisible(citation.title).trim(), maxTitleCharacters));
  const link =
    citation.url && withLink ? `[${title}](${textFragmentLink(citation.url, quote)})` : `**${title}**`;
  const details = [
    neutraliseText(clamp(stripInvisible(citation.source).trim(), 100)),
    citation.published.slice(0, 10),
    `line ${citation.line}`,
    `\`${citation.articleId.replace(/`/g, '')}\``,
  ].join(' \u00b7 ');
  return `**[${citation.n}]** ${link} \u00b7 ${details}\n> ${neutraliseText(quote)}`;
}

/**
 * Splits answer text into claims: each claim ends with its citation markers (`[1][2]`) and any closing
 * punctuation. Returns each claim with the white space that followed it, so joining them gives back the text.
 */
export function splitClaims(text: string): { text: string; separator: string }[] {
  const parts = text.split(/(?<=\[\d+\][.,;:!?)"\u201d\u2019]*)(\s+)/);
  const claims: { text: string; separator: string }[] = [];
  for (let index = 0; index < parts.length; index += 2) {
    const claim = parts[index] ?? '';
    if (claim !== '') claims.push({ text: claim, separator: parts[index + 1] ?? '' });
  }
  return claims;
}

/** Breaks one unit that is longer than `limit` at sentence ends, or failing that at spaces (a last resort). */
function breakLongUnit(unit: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = unit;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n'));
    const space = window.lastIndexOf(' ');
    const at = sentenceEnd > limit / 2 ? sentenceEnd + 1 : space > limit / 2 ? space : limit;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

/** Packs units into as few chunks of at most `limit` characters as possible, keeping their order. */
function packUnits(units: { text: string; separator: string }[], limit: number): string[] {
  const chunks: string[] = [];
  let current = '';
  let glue = '';
  for (const unit of units) {
    const pieces = unit.text.length > limit ? breakLongUnit(unit.text, limit) : [unit.text];
    pieces.forEach((piece, index) => {
      const joined = current === '' ? piece : `${current}${index === 0 ? glue : ' '}${piece}`;
      if (joined.length <= limit) {
        current = joined;
      } else {
        chunks.push(current);
        current = piece;
      }
    });
    glue = unit.separator.includes('\n') ? '\n' : ' ';
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/** Neutralises answer text while keeping its `[n]` citation markers intact. */
function safeAnswerText(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .split(/(\[\d+\])/)
        .map((part, index) => (index % 2 === 1 ? part : neutraliseText(part)))
        .join('')
        .trim(),
    )
    .filter((line) => line !== '')
    .join('\n');
}

/** Packs source entries into embed descriptions within Discord's limits, leaving room for title and footer. */
function packSources(entries: string[], budget: number): string[] {
  const pages: string[] = [];
  let current = '';
  for (const entry of entries) {
    const joined = current === '' ? entry : `${current}\n${entry}`;
    if (joined.length <= budget) {
      current = joined;
    } else {
      if (current !== '') pages.push(current);
      current = entry;
    }
  }
  if (current !== '') pages.push(current);
  return pages;
}

function embedBudget(answer: Answer): number {
  return Math.min(
    discordLimits.embedDescription,
    discordLimits.embedTotal - sourcesTitle.length - 40 - footerFor(answer).length,
  );
}

function buttonRow(
  buttons: APIButtonComponentWithCustomId[],
): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return { type: ComponentType.ActionRow, components: buttons };
}

/**
 * Lays an answer out as one or more Discord messages: the answer text (split only between claims) with `[n]`
 * markers, then on the last message a Sources embed quoting each cited line, feedback buttons, and a
 * "Show all sources" button when not every source fits. Every message stays within Discord's limits.
 */
export function renderAnswer(answer: Answer, options: RenderAnswerOptions): RenderedMessage[] {
  const text =
    answer.status === 'abstained' && answer.answer.trim() === '' ? fallbackAbstention : answer.answer;
  const claims = splitClaims(text.trim())
    .map((claim) => ({ text: safeAnswerText(claim.text), separator: claim.separator }))
    .filter((claim) => claim.text !== '');
  const chunks = packUnits(claims, discordLimits.content);
  if (answer.note) {
    const note = `-# ${neutraliseText(clamp(stripInvisible(answer.note).trim(), 500))}`;
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last.length + 1 + note.length <= discordLimits.content) {
      chunks[chunks.length - 1] = `${last}\n${note}`;
    } else {
      chunks.push(note);
    }
  }
  if (chunks.length === 0) chunks.push(fallbackAbstention);
  const messages: RenderedMessage[] = chunks.map((content) => ({ content, embeds: [], components: [] }));
  const last = messages[messages.length - 1] as RenderedMessage;

  const limit = options.inlineSources ?? defaultInlineSources;
  const entries = answer.citations.map(renderSourceEntry);
  const budget = embedBudget(answer);
  let description = '';
  let shown = 0;
  for (const entry of entries.slice(0, limit)) {
    const joined = description === '' ? entry : `${description}\n${entry}`;
    if (joined.length > budget) break;
    description = joined;
    shown += 1;
  }
  if (shown > 0) {
    const hidden = entries.length - shown;
    last.embeds.push({
      title: sourcesTitle,
      description,
      footer: {
        text:
          hidden > 0
            ? `${footerFor(answer)} ${hidden} more source${hidden === 1 ? '' : 's'} behind the button.`
            : footerFor(answer),
      },
    });
  }
  const closestLines = answer.closestLines ?? [];
  if (closestLines.length > 0) {
    // Lines the LLM could not turn into an answer: shown as sources to read, never as answer text.
    const [page] = packSources(closestLines.map(renderSourceEntry), embedBudget(answer));
    if (page !== undefined) {
      last.embeds.push({ title: closestLinesTitle, description: page, footer: { text: footerFor(answer) } });
    }
  }
  if (options.answerId !== null) {
    const buttons: APIButtonComponentWithCustomId[] = [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: answerButtonIds.vote(options.answerId, 'up'),
        emoji: { name: '\u{1F44D}' },
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: answerButtonIds.vote(options.answerId, 'down'),
        emoji: { name: '\u{1F44E}' },
      },
    ];
    if (shown < entries.length) {
      buttons.push({
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        custom_id: answerButtonIds.sources(options.answerId),
        label: `Show all ${entries.length} sources`,
      });
    }
    last.components.push(buttonRow(buttons));
  }
  return messages;
}

/** Every source of an answer, as pages of one embed each, for the ephemeral "Show all sources" reply. */
export function renderAllSources(answer: Answer): RenderedMessage[] {
  const pages = packSources(answer.citations.map(renderSourceEntry), embedBudget(answer));
  return pages.map((description, index) => ({
    content: '',
    embeds: [
      {
        title: pages.length === 1 ? sourcesTitle : `${sourcesTitle} (${index + 1} of ${pages.length})`,
        description,
        footer: { text: footerFor(answer) },
      },
    ],
    components: [],
  }));
}
