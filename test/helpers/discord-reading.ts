/**
 * How a Discord reader sees a posted text, for tests that assert what the bot may never show: the links Discord makes
 * clickable, mass mentions that read as such, and the quotations shown. It follows Discord's Markdown rules: a
 * backslash escapes the punctuation after it, code spans show their content literally, `[label](url)` and
 * `<url>` are links, and so is a bare `scheme://…` run or an invite.
 */

/** The targets of every link Discord would make clickable in `text`. */
export function clickableLinks(text: string): string[] {
  const links: string[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const character = text[at] ?? '';
    if (character === '\\' && /^\\[^\p{L}\p{N}\s]/u.test(rest)) {
      at += 2;
      continue;
    }
    if (character === '`') {
      const run = /^`+/.exec(rest)?.[0] ?? '`';
      const close = new RegExp(`(?<!\`)${run}(?!\`)`).exec(text.slice(at + run.length));
      at += run.length + (close ? close.index + run.length : 0);
      continue;
    }
    const masked = /^\[((?:\\.|[^\]\\])*)\]\(\s*<?([a-z][a-z0-9+.-]*:\/\/[^\s)>]+)>?\s*\)/i.exec(rest);
    if (character === '[' && masked) {
      links.push(masked[2] ?? '');
      at += masked[0].length;
      continue;
    }
    const auto = /^<([a-z][a-z0-9+.-]*:\/\/[^\s>]+)>/i.exec(rest);
    if (character === '<' && auto) {
      links.push(auto[1] ?? '');
      at += auto[0].length;
      continue;
    }
    const before = text[at - 1] ?? ' ';
    const bare =
      /^(?:[a-z][a-z0-9+.-]*:\/\/[^\s<]+|(?:discord\.gg|dsc\.gg|discord(?:app)?\.com\/invite)\/[^\s<]+)/i.exec(
        rest,
      );
    if (bare && !/[\p{L}\p{N}]/u.test(before)) {
      links.push(bare[0].replace(/[.,:;"')\]]+$/, ''));
      at += bare[0].length;
      continue;
    }
    at += 1;
  }
  return links;
}

/** The host of each clickable link in `text` (a link that is not a URL counts as host "?"). */
export function clickableHosts(text: string): string[] {
  return clickableLinks(text).map((target) => {
    try {
      return new URL(target).hostname;
    } catch {
      return '?';
    }
  });
}

/** Whether `@everyone` or `@here` can be read as a mention in `text`. */
export function readsAsMassMention(text: string): boolean {
  return /@(everyone|here)\b/i.test(text.replace(/\\(?=[^\p{L}\p{N}\s])/gu, ''));
}

/** What a reader sees of Markdown text: escapes, code fences and the zero-width spaces the bot adds are invisible. */
export function visibleText(text: string): string {
  return text
    .replace(/(`+)(.*?)\1/g, (_whole, _fence, inner: string) => inner.trim())
    .replace(/(?<!\\)\*\*/g, '')
    .replace(/\\([^\p{L}\p{N}\s])/gu, '$1')
    .replace(/\u200b/g, '');
}

/** Every stretch a reader sees inside quotation marks (“…”, "…", «…», „…“, ‘…’, 「…」), with surrounding space trimmed. */
export function shownQuotations(text: string): string[] {
  const visible = visibleText(text);
  const patterns = [
    /\u201c([^\u201c\u201d]+)\u201d/g,
    /\u201e([^\u201c\u201d\u201e]+)[\u201c\u201d]/g,
    /"([^"]+)"/g,
    /\u00ab([^\u00ab\u00bb]+)\u00bb/g,
    /(?<![\p{L}\p{N}])\u2018([^\u2018\u2019]+)\u2019(?![\p{L}\p{N}])/gu,
    /\u300c([^\u300c\u300d]+)\u300d/g,
  ];
  return patterns.flatMap((pattern) =>
    [...visible.matchAll(pattern)].map((match) => (match[1] ?? '').trim()),
  );
}

/** Folds quote marks, dashes and white space the way the quote verifier does, for comparing shown text with lines. */
export function folded(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201a\u201b`\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a shown quotation stands in one of the lines (its pieces in order, where an ellipsis split it). */
export function isQuotedFrom(quotation: string, lines: readonly string[]): boolean {
  const pieces = folded(quotation)
    .replace(/^["']+|["']+$/g, '')
    .split(/\s*\u2026\s*/)
    .filter((piece) => piece !== '');
  return lines.some((line) => {
    const haystack = folded(line);
    let from = 0;
    for (const piece of pieces) {
      const found = haystack.indexOf(piece, from);
      if (found === -1) return false;
      from = found + piece.length;
    }
    return true;
  });
}
