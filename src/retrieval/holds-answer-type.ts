import type { QuestionKind } from './question-kind.js';
import { stopWords, tokenize } from './tokenize.js';

const months =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const numberWords =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|thirds?|quarters?|several|none|zero|neither|both|double|twice|triple|single';
const ordinals =
  '\\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first';
const units =
  'seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies)|generations?|seasons?|miles?|kilomet(?:re|er)s?|km|metres?|meters?|m|feet|foot|ft|inch(?:es)?|yards?|acres?|hectares?';

/** Years, decades, centuries, dates, months and days, and words that place an event in time. */
const timePatterns = [
  /\b\d{3,4}s?\b|\B'\d0s\b|\b\d0s\b/giu,
  new RegExp(`\\b(?:${ordinals})[\\s-]+centur(?:y|ies)\\b`, 'giu'),
  new RegExp(`\\b(?:${months})\\b`, 'giu'),
  /\b(?:today|yesterday|tomorrow|tonight|ago|morning|afternoon|evening|night|weekend|spring|summer|autumn|winter|dawn|midnight|noon)\b/giu,
  /\b(?:last|next|this|earlier|later|same|following|previous|coming|early|late|mid)[\s-]+(?:week|month|year|day|decade|century|season|time)s?\b/giu,
  /\b\d{1,2}:\d\d\b|\b\d{1,2}\s*(?:a\.m\.|p\.m\.)/giu,
];
/** Conjunctions and prepositions that date one event by another ("when the war ended", "after the vote"). */
const temporalLinks = /\b(?:when|after|before|during|until|till|since|while|once|following|upon)\b/iu;
const centuryPatterns = [
  new RegExp(`\\b(?:${ordinals})[\\s-]+centur(?:y|ies)\\b`, 'giu'),
  /\b\d{3,4}s?\b/giu,
];
const decadePatterns = [/\b\d{3,4}s?\b|\B'\d0s\b|\b\d0s\b/giu];
const yearPatterns = [/\b\d{3,4}s?\b/giu];
const quantityPatterns = [/\d[\d,.]*/gu, new RegExp(`\\b(?:${numberWords}|percent|per cent)\\b`, 'giu')];
const durationPattern = new RegExp(
  `(?:\\d[\\d,.]*|\\b(?:${numberWords}|a few|many|a|an))(?:[\\s-]+[\\p{L}-]+)?[\\s-]+(?:${units})\\b|\\b(?:decades|centuries|generations)\\b|\\b(?:until|till|since|from|between)\\b[^.;]{0,60}?(?:\\d{3,4}|centur)`,
  'iu',
);
const frequencyPattern =
  /\b(?:often|rarely|seldom|always|never|usually|sometimes|occasionally|frequently|regularly|annually|yearly|monthly|weekly|daily|hourly|every|each|per|times|twice|once)\b/iu;
const reasonPattern =
  /\b(?:because|due to|as a result|in order to|so that|caused|causes|cause|led to|leads to|owing to|reasons?|thanks to|result of)\b/iu;
/** Nouns for people and organisations, which answer "who" as well as a name does. */
const personNouns =
  /\b(?:\p{L}{3,}ists?|people|persons?|men|women|man|woman|children|kings?|queens?|dukes?|lords?|princes?|princess(?:es)?|emperors?|bishops?|popes?|priests?|monks?|leaders?|presidents?|ministers?|officials?|officers?|government|governments|authorities|company|companies|firms?|army|armies|forces|troops|soldiers|police|family|families|sons?|daughters?|wife|husband|brothers?|sisters?|fathers?|mothers?|parents?|group|groups|party|parties|council|court|courts|committee|parliament|congress|senate|members?|citizens|residents|voters|workers|students|scientists|researchers|doctors|owners?|users?|players?|teams?|clubs?|union|unions|agency|agencies|department|ministry|board|state|states|nobles|nobility|aristocracy|clergy|settlers|immigrants|mercenaries|rulers?|governors?|judges?|lawyers?|attorneys?|experts?|critics|fans|customers|employers|employees|pharmacists|physicians|engineers|architects|contractors|builders|manufacturers|producers|suppliers|investors|banks?|anarchists|activists|protesters|clients?|buyers?|purchasers?|consumers?|patients?|passengers?|viewers?|audiences?|readers?|tenants?|taxpayers?|shareholders?|donors?|victims?|survivors?|refugees?|migrants?|prisoners?|hostages?|civilians?|veterans?|athletes?|coaches?|actors?|actresses?|writers?|authors?|poets?|reporters?|editors?|singers?|musicians?|composers?|directors?|managers?|executives?|chairman|chairwoman|spokesman|spokeswoman|spokesperson|diplomats?|envoys?|ambassadors?|generals|commanders?|candidates?|nominees?|delegates?|lawmakers?|legislators?|senators?|regulators?|prosecutors?|defendants?|plaintiffs?|witnesses?|suspects?|relatives?|friends?|partners?|allies|opponents?|rivals?|enemies|neighbou?rs?|teachers?|pupils?|professors?)\b/iu;
const placeNouns =
  /\b(?:north|south|east|west|northern|southern|eastern|western|central|coast|coastal|city|cities|country|countries|region|regions|island|islands|river|sea|ocean|border|capital|abroad|overseas|province|area|continent|mountains?|valley|lake|bay|port|village|town|street|district|county|territory|peninsula|desert|forest|campus|downtown|suburbs?|committee|home|headquarters|building)\b/iu;

/** Whether some match of `patterns` in `text` has a word the question does not already use. */
function novelMatch(patterns: readonly RegExp[], text: string, questionWords: ReadonlySet<string>): boolean {
  return patterns.some((pattern) =>
    [...text.matchAll(pattern)].some((match) =>
      tokenize(match[0]).some((word) => !questionWords.has(word) && !stopWords.has(word)),
    ),
  );
}

/** Words that open sentences without naming anyone. */
const openers = new Set(
  'however meanwhile although despite today yesterday later instead still thus therefore furthermore moreover nevertheless overall finally first second third then several two three'.split(
    ' ',
  ),
);

/** Capitalised words that name someone or something (an opening word only when it is no common opener). */
function hasNovelName(text: string, questionWords: ReadonlySet<string>): boolean {
  for (const match of text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}'\u2019-]*/gu)) {
    const words = tokenize(match[0]);
    const opening = /(?:^|[.!?:;]\s)[\s"'\u201c\u2018(]*$/u.test(text.slice(0, match.index));
    if (opening && words.some((word) => openers.has(word) || word.endsWith('ly'))) continue;
    if (words.some((word) => !questionWords.has(word) && !stopWords.has(word))) return true;
  }
  return false;
}

/**
 * Whether `text` holds a fact of the kind a question asks for that the question does not already state: a person or
 * organisation for "who", a place for "where", a date or a dating clause for "when", a year, century or decade when
 * asked for one, a length or span for "how long", a number for "how many", a frequency for "how often", a cause for
 * "why". Always false for other questions, which ask for no particular kind of fact.
 */
export function holdsAnswerType(
  kind: QuestionKind,
  text: string,
  questionWords: ReadonlySet<string>,
): boolean {
  switch (kind) {
    case 'person':
      return hasNovelName(text, questionWords) || personNouns.test(text);
    case 'place':
      return hasNovelName(text, questionWords) || placeNouns.test(text);
    case 'time':
      return novelMatch(timePatterns, text, questionWords) || temporalLinks.test(text);
    case 'year':
      return novelMatch(yearPatterns, text, questionWords);
    case 'century':
      return novelMatch(centuryPatterns, text, questionWords);
    case 'decade':
      return novelMatch(decadePatterns, text, questionWords);
    case 'duration':
      return durationPattern.test(text);
    case 'quantity':
      return novelMatch(quantityPatterns, text, questionWords);
    case 'frequency':
      return frequencyPattern.test(text) || novelMatch(quantityPatterns, text, questionWords);
    case 'reason':
      return reasonPattern.test(text);
    case 'other':
      return false;
  }
}
