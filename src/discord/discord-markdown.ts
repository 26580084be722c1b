/**
 * Markdown the bot posts to Discord. Literal template text is the bot's own; every interpolated string is untrusted
 * (article text, titles, sources, model output, user input) and goes through {@link neutralise}, the one neutraliser.
 * A `Markdown` value can only be made here, so text that reached a message without being neutralised does not type.
 */
class Markdown {
  private constructor(readonly text: string) {}

  /** The length Discord counts. */
  get length(): number {
    return this.text.length;
  }

  /** Wraps text this module has already made safe. */
  static of(text: string): Markdown {
    return new Markdown(text);
  }
}

export type { Markdown };

/** What a `markdown` template may interpolate: untrusted text (neutralised), numbers, or bot-made Markdown. */
export type MarkdownValue = string | number | Markdown;

/** Zero-width, soft-hyphen, filler, joiner, tag and direction-control characters that can hide or reorder text. */
const invisibleRanges: readonly (readonly [number, number])[] = [
  [0x0080, 0x009f],
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff9, 0xfffb],
  [0xe0000, 0xe007f],
];

function isHidden(code: number): boolean {
  if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  return invisibleRanges.some(([from, to]) => code >= from && code <= to);
}

/** Removes invisible and direction-control characters and folds white space to single spaces (one line). */
export function stripInvisible(text: string): string {
  let kept = '';
  for (const character of text) if (!isHidden(character.codePointAt(0) ?? 0)) kept += character;
  return kept.replace(/\s+/g, ' ');
}

/**
 * Runs Discord would make clickable: a scheme and `//` (https://, steam://, and Discord's `<https://…>` autolinks
 * once their angle bracket is escaped), and invite links that Discord recognises without a scheme.
 */
const linkLike = /(?:[a-z][a-z0-9+.-]*:\/\/|\b(?:discord(?:app)?\.com\/invite|discord\.gg|dsc\.gg)\/)\S*/giu;

/** Markdown syntax characters, escaped wherever they stand. */
const syntax = /[\\*_~`|<>[\]#]/g;

/** A run shown literally as inline code, fenced by more backticks than it holds. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

function escapeSyntax(text: string, atStart: boolean): string {
  let escaped = text.replace(syntax, (character) => `\\${character}`);
  // List, heading and subtext markers only count at the start of a line, where a template may place this text.
  if (atStart) escaped = escaped.replace(/^([-+])(?=\s)/, '\\$1').replace(/^(\d+)([.)])(?=\s)/, '$1\\$2');
  return escaped;
}

/** Keeps `@everyone` and `@here` from reading as mass mentions (they never ping: mentions parse nothing). */
function defuseMassMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1');
}

/**
 * The one neutraliser: makes untrusted text show literally in Discord. Invisible and direction-control characters go,
 * white space folds to one line, Markdown syntax is escaped (so no masked link, mention, timestamp, heading or
 * spoiler can form), every run Discord would turn into a link is shown as inline code, and `@everyone` / `@here`
 * are broken with a zero-width space so they cannot be read as mentions.
 */
export function neutralise(text: string): string {
  const clean = stripInvisible(text);
  let out = '';
  let last = 0;
  for (const match of clean.matchAll(linkLike)) {
    const at = match.index;
    out += escapeSyntax(clean.slice(last, at), last === 0) + codeSpan(match[0]);
    last = at + match[0].length;
  }
  out += escapeSyntax(clean.slice(last), last === 0);
  return defuseMassMentions(out);
}

/** Builds Markdown from the bot's own template text, neutralising every interpolated string. */
export function markdown(strings: TemplateStringsArray, ...values: MarkdownValue[]): Markdown {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text +=
      typeof value === 'string' ? neutralise(value) : value instanceof Markdown ? value.text : String(value);
    text += strings[index + 1] ?? '';
  });
  return Markdown.of(text);
}

/** Untrusted text as Markdown that shows it literally. */
export function untrusted(text: string): Markdown {
  return Markdown.of(neutralise(text));
}

/** Untrusted text shown literally in at most `limit` characters, cut at a word (with an ellipsis) when it must be. */
export function untrustedWithin(text: string, limit: number): Markdown {
  let shown = untrusted(text);
  let budget = text.length;
  while (shown.length > limit && budget > 1) {
    budget = Math.max(1, Math.min(budget - 1, Math.floor((budget * limit) / shown.length) - 2));
    shown = untrusted(clampText(text, budget));
  }
  return shown;
}

/** Joins Markdown parts with a separator of the bot's own. */
export function joinMarkdown(parts: readonly Markdown[], separator: string): Markdown {
  return Markdown.of(parts.map((part) => part.text).join(separator));
}

/** No Markdown at all. */
export const emptyMarkdown: Markdown = Markdown.of('');

/** Text for fields Discord shows without Markdown (autocomplete choices, form values, thread names, button labels). */
export function plainText(text: string, limit: number): string {
  return clampText(defuseMassMentions(stripInvisible(text).trim()), limit);
}

/** Cuts raw text to at most `limit` characters at a word boundary, marking the cut with an ellipsis. */
export function clampText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, Math.max(0, limit - 2));
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()} \u2026`;
}

/** Inline code of a value the bot shows as it is (an article id). */
export function code(text: string): Markdown {
  return Markdown.of(codeSpan(stripInvisible(text).trim() || ' '));
}

/** Bold bot-made Markdown. */
export function bold(text: Markdown): Markdown {
  return Markdown.of(`**${text.text}**`);
}

/** Longest link target the bot writes; a longer stored URL is shown without a link rather than cut. */
const maxLinkLength = 1500;

/** A link target that cannot end its Markdown link early: no white space, parentheses or angle brackets. */
function encodeLinkTarget(url: string): string {
  return url.replace(/[\s()<>]/g, (character) =>
    encodeURIComponent(character).replace(/[()]/g, (paren) => (paren === '(' ? '%28' : '%29')),
  );
}

/** The http(s) URL in a form fit for a Markdown link target, or null if it is not one the bot should link. */
export function safeLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  const target = encodeLinkTarget(parsed.href);
  return target.length <= maxLinkLength ? target : null;
}

/**
 * A link the bot makes itself: only to an article's stored http(s) URL or one of Discord's own jump links, never to
 * anything found in article text or model output. `preview: false` keeps Discord from embedding the page. When the
 * URL cannot be linked safely, the label is shown alone.
 */
export function link(label: Markdown, url: string, options: { preview?: boolean } = {}): Markdown {
  const target = safeLinkTarget(url);
  if (target === null) return label;
  return Markdown.of(`[${label.text}](${options.preview === false ? `<${target}>` : target})`);
}

const snowflake = /^\d{5,25}$/;

/** A user mention the bot makes (it never pings: every message parses no mentions). */
export function userMention(id: string): Markdown {
  return snowflake.test(id) ? Markdown.of(`<@${id}>`) : markdown`${id}`;
}

/** A channel mention the bot makes. */
export function channelMention(id: string): Markdown {
  return snowflake.test(id) ? Markdown.of(`<#${id}>`) : markdown`${id}`;
}

/** A Discord timestamp, shown in each reader's own time zone. */
export function timestamp(ms: number, style: 'f' | 'F' | 'R' | 'd' = 'f'): Markdown {
  return Markdown.of(`<t:${Math.floor(ms / 1000)}:${style}>`);
}
