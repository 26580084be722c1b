import { nearlySpelled } from './spelling.js';
import { isPrintableAscii, stem, stopWords, tokenize } from './tokenize.js';

/** The words, numbers and times a passage offers, read once and then checked against many questions' specifics. */
export interface Evidence {
  words: ReadonlySet<string>;
  /** The words beginning with a letter, the only ones a word's other forms or slips of spelling are looked for in. */
  wordsStartingWith(initial: string): readonly string[];
  /** Initials of runs of capitalised words ("United Methodist Church" gives "umc", "mc"). */
  acronyms: ReadonlySet<string>;
  /**
   * Numbers as written without separators ("30,000" as "30000"), number words up to twenty as digits, and ordinal
   * words as digits ("tenth" as "10th").
   */
  numbers: ReadonlySet<string>;
  /** Every year, decade and century mentioned, as spans of years (with the year published, for an article's). */
  years: readonly (readonly [number, number])[];
  /** The month (1 to 12) an article's passage was published in, or null. */
  publishedMonth: number | null;
}

/** A name, a number or a time the question gives, which a passage answering it must give too. */
interface Specific {
  /** As written in the question, for logs and tests. */
  text: string;
  kind: 'name' | 'acronym' | 'month' | 'number' | 'time';
  /** The lower-case word (name, acronym, month), digits (number) or span of years (time) to look for. */
  word: string;
  years: readonly [number, number];
}

const smallNumbers = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const ordinalWords = new Map(
  [
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    'sixth',
    'seventh',
    'eighth',
    'ninth',
    'tenth',
    'eleventh',
    'twelfth',
    'thirteenth',
    'fourteenth',
    'fifteenth',
    'sixteenth',
    'seventeenth',
    'eighteenth',
    'nineteenth',
    'twentieth',
    'twenty-first',
  ].map((word, index) => [word, index + 1]),
);

/** An ordinal in digits, as a question writes it ("10th" for "tenth"). */
function ordinalDigits(value: number): string {
  const suffix =
    value % 100 >= 11 && value % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][value % 10] ?? 'th');
  return `${value}${suffix}`;
}

/** The months, and the words a passage may write each as ("Sept. 4"): the first month is January. */
const months = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];

const questionWords = new Set(['who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'what', 'which']);
/** Words that only frame a question, which a passage need not repeat ("probably", "do you think"). */
const framingWords = new Set([
  'probably',
  'likely',
  'possibly',
  'perhaps',
  'maybe',
  'think',
  'suppose',
  'guess',
]);

/** Words any event may be asked about with, which say nothing of which event. */
const eventWords = new Set(['happen', 'happened', 'happening', 'occur', 'occurred', 'event', 'events']);

const centuryPattern = /(?<![\p{L}\p{N}])(\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:-first)?)[\s-]+centur(?:y|ies)/giu;
const yearPattern = /(?<![\p{L}\p{N}])'?(\d{2,4})(?:('?s)\b|(?![\p{L}\p{N}]))/gu;

/** Years, decades ("1990s", "'80s", "1100s" as a century) and centuries ("11th century") in a text, as spans. */
function yearSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  if (/centur/iu.test(text)) {
    for (const [, ordinal = ''] of text.matchAll(centuryPattern)) {
      const number = /^\d/.test(ordinal) ? parseInt(ordinal, 10) : ordinalWords.get(ordinal.toLowerCase());
      if (number !== undefined) spans.push([(number - 1) * 100, number * 100 - 1]);
    }
  }
  for (const [, digits = '', plural] of text.matchAll(yearPattern)) {
    const value = parseInt(digits, 10);
    if (plural === undefined) {
      if (digits.length >= 3) spans.push([value, value]);
    } else if (digits.length === 2) spans.push([1900 + value, 1909 + value]);
    else if (value % 100 === 0) spans.push([value, value + 99]);
    else if (value % 10 === 0) spans.push([value, value + 9]);
  }
  return spans;
}

/**
 * What a question names that a careful reader would require a passage to mention before quoting it as the answer:
 * its names (capitalised words past the first, and acronyms), its numbers, and its times (a year, decade or century
 * is matched by any time inside it: "the 1100s" by 1130, "the 11th century" by 1066 but not by 1191). It also counts
 * how many of the question's content words a passage has, in some form.
 */
export class QuestionSpecifics {
  private readonly specifics: Specific[] = [];
  private readonly contentWords: string[] = [];
  /** The content words that are not names, numbers or times, nor words for any event ("happen", "occur"). */
  private readonly plainWords: string[] = [];
  /** Whether the question is dated by a century or a decade, not by a year or a day. */
  private readonly coarselyDated: boolean;

  constructor(question: string) {
    const tokens = [
      ...question.matchAll(
        /(?<![\p{L}\p{N}.])(?:\p{Lu}\.){2,}|\d+(?:[,.]\d+)*\p{L}*|[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu,
      ),
    ];
    const later = tokens.slice(1).map((token) => token[0]);
    const capitalised = later.filter((text) => /^\p{Lu}/u.test(text));
    // A question in title case ("What Did The Mayor Say…") says nothing by its capitals.
    const namesByCase =
      capitalised.length <= later.length / 2 ||
      capitalised.filter((text) => stopWords.has(text.toLowerCase())).length < 2;
    for (const timeSpan of question.matchAll(
      /(?<![\p{L}\p{N}])(?:(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:-first)?)[\s-]+centur(?:y|ies)|'?\d{2,4}'?s\b|\d{4}(?![\p{L}\p{N}]))/giu,
    )) {
      const span = yearSpans(timeSpan[0])[0];
      if (span) this.specifics.push({ text: timeSpan[0], kind: 'time', word: '', years: span });
    }
    const timeText = this.specifics.map((specific) => specific.text.toLowerCase()).join(' ');
    this.coarselyDated = this.specifics.some((specific) => specific.years[1] > specific.years[0]);
    const timeWords = new Set(tokenize(timeText));
    for (const [position, token] of tokens.entries()) {
      const text = token[0];
      if (/^(?:\p{Lu}\.){2,}$/u.test(text)) {
        const letters = text.replace(/\./g, '').toLowerCase();
        if (!stopWords.has(letters))
          this.specifics.push({ text, kind: 'acronym', word: letters, years: [0, 0] });
        continue;
      }
      if (/^\d/.test(text)) {
        const digits = text.replace(/[,.]/g, '');
        this.contentWords.push(digits);
        if (!timeText.includes(text.toLowerCase())) {
          this.specifics.push({ text, kind: 'number', word: digits, years: [0, 0] });
        }
        continue;
      }
      for (const word of tokenize(text)) {
        if (stopWords.has(word) || questionWords.has(word) || framingWords.has(word) || word.length < 2)
          continue;
        this.contentWords.push(word);
        if (/\d/.test(word)) {
          if (!timeText.includes(word)) this.specifics.push({ text, kind: 'number', word, years: [0, 0] });
        } else if (/^\p{Lu}{2,6}(?:['\u2019]s)?$/u.test(text) && text !== question.toUpperCase()) {
          this.specifics.push({ text, kind: 'acronym', word, years: [0, 0] });
        } else if (namesByCase && position > 0 && /^\p{Lu}/u.test(text)) {
          const kind = months.some((forms) => forms[0] === word) ? 'month' : 'name';
          this.specifics.push({ text, kind, word, years: [0, 0] });
        } else if (!timeWords.has(word) && !eventWords.has(word)) {
          this.plainWords.push(word);
        }
      }
    }
  }

  /**
   * Reads a passage (a sentence with its paragraph and the article's title), each part only when first asked for;
   * `words`, when given, are its words already tokenized.
   */
  static evidence(text: string, words?: Iterable<string>): Evidence {
    return new PassageEvidence(text, words === undefined ? undefined : new Set(words), null);
  }

  /**
   * A passage of an article published at `published`: its year and month date what it reports, as news seldom
   * writes them ("Kallas said on Tuesday…" answers "What did Kallas say in March 2025?" in an article of March 2025).
   */
  static datedEvidence(text: string, published: Date, words?: Iterable<string>): Evidence {
    return new PassageEvidence(
      text,
      words === undefined ? undefined : new Set(words),
      Number.isNaN(published.getTime()) ? null : published,
    );
  }

  /** Whether the question gives names, acronyms or months (when not, `missingNames` is always empty). */
  get anyNames(): boolean {
    return this.specifics.some((specific) => isNamed(specific.kind));
  }

  /** Whether the question gives numbers or times (when not, `missingFigures` is always empty). */
  get anyFigures(): boolean {
    return this.specifics.some((specific) => specific.kind === 'number' || specific.kind === 'time');
  }

  /**
   * The question's names, acronyms and months that `evidence` (a paragraph and its title) does not give, as written.
   * A month is given by its name (or its short form) or by the month the article was published in.
   */
  missingNames(evidence: Evidence): string[] {
    return this.missing(evidence, isNamed);
  }

  /**
   * The question's numbers and times that `evidence` does not give, as written: the sentence and the sentences either
   * side of it (with the title), as a date or a count belongs to the statement it dates, not to a whole paragraph.
   */
  missingFigures(evidence: Evidence): string[] {
    return this.missing(evidence, (kind) => kind === 'number' || kind === 'time');
  }

  /**
   * Whether the question is dated by a century or a decade and `evidence` (a paragraph and its title) has none of its
   * plain words, only its names and that span of time: a span that long dates many things, so such a passage tells of
   * something else that happened then ("What battle took place in the 10th century?" against "The identity of the
   * Normans emerged in the 10th century"). A year or a day, with the names, is taken to date the same thing.
   */
  onlyDatedIn(evidence: Evidence): boolean {
    return (
      this.coarselyDated &&
      this.plainWords.length > 0 &&
      !this.plainWords.some((word) => hasWord(evidence, word))
    );
  }

  private missing(evidence: Evidence, wanted: (kind: Specific['kind']) => boolean): string[] {
    return this.specifics
      .filter((specific) => wanted(specific.kind) && !QuestionSpecifics.gives(evidence, specific))
      .map((specific) => specific.text);
  }

  /** Share of the question's content words that `evidence` has in some form (1 for a question with none). */
  coverageIn(evidence: Evidence): number {
    if (this.contentWords.length === 0) return 1;
    return this.contentWords.filter((word) => hasWord(evidence, word)).length / this.contentWords.length;
  }

  private static gives(evidence: Evidence, specific: Specific): boolean {
    switch (specific.kind) {
      case 'time': {
        const [from, to] = specific.years;
        return evidence.years.some(([start, end]) => start <= to && end >= from);
      }
      case 'number':
        return evidence.numbers.has(specific.word) || evidence.words.has(specific.word);
      case 'acronym':
        return evidence.acronyms.has(specific.word) || hasWord(evidence, specific.word);
      case 'name':
        return hasWord(evidence, specific.word) || hasNearSpelling(evidence, specific.word);
      case 'month': {
        const month = months.findIndex((forms) => forms[0] === specific.word);
        return (
          evidence.publishedMonth === month + 1 ||
          (months[month] ?? []).some((form) => evidence.words.has(form))
        );
      }
    }
  }
}

/** The kinds the names check looks for in a sentence's paragraph, its title and the article's lead. */
function isNamed(kind: Specific['kind']): boolean {
  return kind === 'name' || kind === 'acronym' || kind === 'month';
}

/** A run of capitalised words, allowing "of", "the", "and", "for" and "de" between them ("Bank of England"). */
const capitalisedRun = /\p{Lu}[\p{L}'\u2019-]*(?:\s+(?:(?:of|the|and|for|de)\s+)*\p{Lu}[\p{L}'\u2019-]*)+/gu;
/** The same run in printable ASCII text, where it matches the same words several times faster. */
const asciiCapitalisedRun = /[A-Z][A-Za-z'-]*(?:\s+(?:(?:of|the|and|for|de)\s+)*[A-Z][A-Za-z'-]*)+/g;
/** An acronym written with full stops ("U.N.", "E.U."), which the word tokens split into single letters. */
const dottedAcronym = /(?<![\p{L}\p{N}.])(?:\p{Lu}\.){2,}/gu;

/** `Evidence` read lazily: most passages are only asked for their words, few for acronyms, numbers or years. */
class PassageEvidence implements Evidence {
  private byInitial: Map<string, string[]> | undefined;
  private acronymSet: Set<string> | undefined;
  private numberSet: Set<string> | undefined;
  private spans: [number, number][] | undefined;

  constructor(
    private readonly text: string,
    private wordSet: Set<string> | undefined,
    private readonly published: Date | null,
  ) {}

  get publishedMonth(): number | null {
    return this.published === null ? null : this.published.getUTCMonth() + 1;
  }

  get words(): ReadonlySet<string> {
    this.wordSet ??= new Set(tokenize(this.text));
    return this.wordSet;
  }

  wordsStartingWith(initial: string): readonly string[] {
    if (this.byInitial === undefined) {
      this.byInitial = new Map();
      for (const word of this.words) {
        const bucket = this.byInitial.get(word.charAt(0));
        if (bucket === undefined) this.byInitial.set(word.charAt(0), [word]);
        else bucket.push(word);
      }
    }
    return this.byInitial.get(initial) ?? [];
  }

  get acronyms(): ReadonlySet<string> {
    if (this.acronymSet === undefined) {
      this.acronymSet = new Set<string>();
      const ascii = isPrintableAscii(this.text);
      for (const run of this.text.matchAll(ascii ? asciiCapitalisedRun : capitalisedRun)) {
        let initials = '';
        for (const word of run[0].split(/\s+/)) {
          if (ascii ? /^[A-Z]/.test(word) : /^\p{Lu}/u.test(word)) initials += word.charAt(0).toLowerCase();
        }
        for (let from = 0; from < initials.length - 1; from++) this.acronymSet.add(initials.slice(from));
      }
      for (const dotted of this.text.matchAll(dottedAcronym)) {
        this.acronymSet.add(dotted[0].replace(/\./g, '').toLowerCase());
      }
    }
    return this.acronymSet;
  }

  get numbers(): ReadonlySet<string> {
    if (this.numberSet === undefined) {
      this.numberSet = new Set<string>();
      for (const number of this.text.matchAll(/\d[\d,.]*\d|\d/g))
        this.numberSet.add(number[0].replace(/[,.]/g, ''));
      for (const word of this.words) {
        const value = smallNumbers.indexOf(word);
        if (value !== -1) this.numberSet.add(String(value));
        const ordinal = ordinalWords.get(word);
        if (ordinal !== undefined) this.numberSet.add(ordinalDigits(ordinal));
      }
    }
    return this.numberSet;
  }

  get years(): readonly (readonly [number, number])[] {
    if (this.spans === undefined) {
      this.spans = yearSpans(this.text);
      const year = this.published?.getUTCFullYear();
      if (year !== undefined) this.spans.push([year, year]);
    }
    return this.spans;
  }
}

/**
 * Whether `evidence` has the word in some form: the same stem, or a stem of four letters or more extending it (or
 * extended by it). Stems keep a word's first letter, so only the words sharing it are stemmed.
 */
function hasWord(evidence: Evidence, word: string): boolean {
  if (evidence.words.has(word)) return true;
  const stemmed = stem(word);
  for (const other of evidence.wordsStartingWith(word.charAt(0))) {
    const otherStem = stem(other);
    if (otherStem === stemmed) return true;
    if (stemmed.length >= 4 && otherStem.length >= 4) {
      if (otherStem.startsWith(stemmed) || stemmed.startsWith(otherStem)) return true;
    }
  }
  return false;
}

/**
 * Whether `evidence` has a name as the question may have slipped in writing it: one letter off after the first
 * ("Issac" for "Isaac", "Mark" for "Mask"), or cut short ("Lor" for "Lord").
 */
function hasNearSpelling(evidence: Evidence, word: string): boolean {
  if (word.length < 3) return false;
  // A slip of spelling seldom hits the first letter, so only words sharing it are compared.
  for (const other of evidence.wordsStartingWith(word.charAt(0))) {
    if (other.length > word.length && other.startsWith(word)) return true;
    if (word.length >= 4 && other.length >= 4 && nearlySpelled(word, other)) return true;
  }
  return false;
}
