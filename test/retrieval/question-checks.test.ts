import { describe, expect, it } from 'vitest';
import { holdsAnswerType } from '../../src/retrieval/holds-answer-type.js';
import { questionKind } from '../../src/retrieval/question-kind.js';
import { QuestionSpecifics } from '../../src/retrieval/question-specifics.js';
import { questionRoles, rolesReversed } from '../../src/retrieval/roles-reversed.js';
import { tokenize } from '../../src/retrieval/tokenize.js';

/** Whether `text` answers `question` by kind, as the ranking checks it. */
function typed(question: string, text: string): boolean {
  return holdsAnswerType(questionKind(question), text, new Set(tokenize(question)));
}

/** The question's names, numbers and times a passage lacks. */
function missing(question: string, passage: string): string[] {
  const specifics = new QuestionSpecifics(question);
  const evidence = QuestionSpecifics.evidence(passage);
  return [...specifics.missingNames(evidence), ...specifics.missingFigures(evidence)];
}

describe('question kind', () => {
  it('reads the kind of fact from the question word, not from a "when" that opens a clause', () => {
    expect(questionKind('Who founded the guild?')).toBe('person');
    expect(questionKind('When did the bridge open?')).toBe('time');
    expect(questionKind('In what year did the bridge open?')).toBe('year');
    expect(questionKind('What century did the spelling change?')).toBe('century');
    expect(questionKind('How long is the canal?')).toBe('duration');
    expect(questionKind('How long ago did the canal open?')).toBe('time');
    expect(questionKind('How many locks does the canal have?')).toBe('quantity');
    expect(questionKind('How often does the ferry sail?')).toBe('frequency');
    expect(questionKind('Which country built the canal?')).toBe('place');
    expect(questionKind('Why did the canal close?')).toBe('reason');
    expect(questionKind('What happens when the river floods?')).toBe('other');
    expect(questionKind('When the river floods, who pays for the damage?')).toBe('person');
  });
});

describe('answer type', () => {
  it('requires a length or a span of time for "how long"', () => {
    expect(typed('How long is the canal?', 'The canal runs for 42 kilometres through the valley.')).toBe(
      true,
    );
    expect(typed('How long did the strike last?', 'The strike lasted nine weeks.')).toBe(true);
    expect(typed('How long did the strike last?', 'It ran from 1984 until 1985.')).toBe(true);
    expect(typed('How long is the canal?', 'The canal crosses the valley near the old mill.')).toBe(false);
  });

  it('requires a century, or a year that falls in one, for "what century"', () => {
    expect(typed('What century did the spelling change?', 'The spelling changed in the 16th century.')).toBe(
      true,
    );
    expect(typed('What century did the spelling change?', 'The spelling changed in 1590.')).toBe(true);
    expect(
      typed('What century did the spelling change?', 'The spelling changed under French influence.'),
    ).toBe(false);
  });

  it('requires a person or organisation for "who", other than those the question names', () => {
    expect(typed('Who founded the guild?', 'The guild was founded by Marta Kovac.')).toBe(true);
    expect(typed('Who founded the guild?', 'The guild was founded by local merchants.')).toBe(false);
    expect(typed('Who founded the guild?', 'The guild was founded by its first members.')).toBe(true);
    expect(typed('Who did Kovac marry?', 'Kovac married in the spring.')).toBe(false);
    // Nouns for people count as much as names: clients, victims, lawmakers, a spokesman…
    expect(typed('Who is the house built for?', 'It is built on site for a known client.')).toBe(true);
    expect(typed('Who was hurt in the blast?', 'Three passengers were hurt in the blast.')).toBe(true);
    expect(typed('Who won the vote?', 'The general vote was held in the spring.')).toBe(false);
  });

  it('requires a date, or an event that dates it, for "when", and a number not in the question for "how many"', () => {
    expect(typed('When did the bridge open?', 'The bridge opened in March.')).toBe(true);
    expect(typed('When did the bridge open?', 'The bridge opened after the flood had passed.')).toBe(true);
    expect(typed('When did the bridge open?', 'The bridge opened to great applause.')).toBe(false);
    expect(typed('How many locks does the canal have?', 'The canal has 12 locks.')).toBe(true);
    expect(typed('How many of the 12 locks still work?', 'The canal has 12 locks.')).toBe(false);
  });

  it('requires a place for "where" and a cause for "why"', () => {
    expect(typed('Where was the treaty signed?', 'The treaty was signed in Lisbon.')).toBe(true);
    expect(typed('Where was the treaty signed?', 'The treaty was signed with great ceremony.')).toBe(false);
    expect(typed('Why did the canal close?', 'The canal closed because the locks failed.')).toBe(true);
  });
});

describe('question specifics', () => {
  it('finds names in some form: stems, a slip of spelling, or an acronym of the words', () => {
    expect(missing('Who did Kovac marry?', 'Marta Kovac married in Split.')).toEqual([]);
    expect(missing('Who offered Issac a ship?', 'Isaac was offered a ship.')).toEqual([]);
    expect(missing('What does the UMC oppose?', 'The United Methodist Church opposes it.')).toEqual([]);
    // Text with accents or curly quotes is read by the Unicode rule, plain ASCII by a faster one: the same runs.
    expect(missing('What did the ECB say?', '\u201cNo,\u201d said the European Central Bank.')).toEqual([]);
    expect(missing('What did the ECB say?', 'The European Central Bank said no.')).toEqual([]);
    expect(missing('What did the ECB say?', 'The European central bank said no.')).toEqual(['ECB']);
    // An acronym with full stops is the same acronym, in the question or the passage.
    expect(missing('What did the UN say?', 'The U.N. said no.')).toEqual([]);
    expect(missing('What did the U.N. say?', 'The UN said no.')).toEqual([]);
    expect(missing('What did the U.N. say?', 'The United Nations said no.')).toEqual([]);
    expect(missing('What did the U.N. say?', 'The E.U. said no.')).toEqual(['U.N.']);
    expect(missing('Who ruled Cyprus?', 'Isaac ruled the island.')).toEqual(['Cyprus']);
  });

  it('finds a month by its name, its short form, or the month the article was published in', () => {
    const dated = (question: string, passage: string): string[] =>
      new QuestionSpecifics(question).missingNames(
        QuestionSpecifics.datedEvidence(passage, new Date('2025-03-04T00:00:00Z')),
      );
    expect(dated('What did Kallas say in March?', 'Kallas said on Tuesday that troops could go.')).toEqual(
      [],
    );
    expect(dated('What did Kallas say in April?', 'Kallas said on Apr. 9 that troops could go.')).toEqual([]);
    expect(dated('What did Kallas say in April?', 'Kallas said on Tuesday that troops could go.')).toEqual([
      'April',
    ]);
    expect(missing('What did Kallas say in March?', 'Kallas said on Tuesday that troops could go.')).toEqual([
      'March',
    ]);
    // "May" opening a question asks permission; it is no month.
    expect(missing('May Kallas send troops?', 'Kallas said on Tuesday that troops could go.')).toEqual([]);
  });

  it('matches a time inside the span the question asks about, and only there', () => {
    expect(missing('Who ruled the island in the 12th century?', 'Isaac ruled it in 1191.')).toEqual([]);
    expect(missing('Who ruled the island in the 11th century?', 'Isaac ruled it in 1191.')).toEqual([
      '11th century',
    ]);
    expect(missing('What was built in the 1100s?', 'A keep was built in 1130.')).toEqual([]);
    expect(missing('What opened in the 80s?', 'The mall opened in the 1980s.')).toEqual([]);
    expect(missing('Who sold 3 ships?', 'He sold three ships.')).toEqual([]);
    expect(missing('Who sold 30,000 tons?', 'He sold 30000 tons.')).toEqual([]);
    expect(missing('Who sold 4 ships?', 'He sold three ships.')).toEqual(['4']);
    expect(missing('Who joins in the 10th series?', 'The tenth series introduces Bill.')).toEqual([]);
    expect(missing('What does the 4th amendment protect?', 'The Fourth Amendment protects privacy.')).toEqual(
      [],
    );
    expect(missing('Who joins in the 11th series?', 'The tenth series introduces Bill.')).toEqual(['11th']);
    expect(missing('Who won the 22nd race?', 'The twenty-second race went to Ana.')).toEqual(['22nd']);
  });

  it('finds a passage dated by the same century or decade that shares nothing else but names', () => {
    const onlyDated = (question: string, passage: string): boolean =>
      new QuestionSpecifics(question).onlyDatedIn(QuestionSpecifics.evidence(passage));
    const passage = 'The identity of the Normans emerged in the 10th century.';
    expect(onlyDated('What battle did the Normans fight in the 10th century?', passage)).toBe(true);
    expect(onlyDated('When did the identity of the Normans emerge?', passage)).toBe(false);
    expect(onlyDated('What identity emerged among the Normans in the 10th century?', passage)).toBe(false);
    // A year dates one thing; a question with no other words ("what happened") asks for whatever the date holds.
    expect(onlyDated('What battle did the Normans fight in 950?', 'The Normans rose in 950.')).toBe(false);
    expect(onlyDated('What happened to the Normans in the 10th century?', passage)).toBe(false);
    expect(onlyDated('What did the Beatles record in the 1960s?', 'The Beatles toured in the 1960s.')).toBe(
      true,
    );
  });

  it('takes nothing from capitals in a question written in title case', () => {
    expect(missing('What Did The Mayor Say About Harbours?', 'The mayor spoke.')).toEqual([]);
  });
});

/** Whether `sentence` uses the question's verb and named argument only with their roles swapped. */
function reversed(question: string, sentence: string): boolean {
  const roles = questionRoles(question);
  if (roles === null) throw new Error(`no roles read from: ${question}`);
  return rolesReversed(roles, sentence);
}

describe('roles of the question', () => {
  it('reads which argument a question names and the role it plays', () => {
    expect(questionRoles('Who replaced the guild as the ruling class?')).toEqual({
      verb: 'replac',
      argument: 'guild',
      role: 'object',
    });
    expect(questionRoles('Who did Ilse Marek marry?')).toEqual({
      verb: 'marri',
      argument: 'ils',
      role: 'subject',
    });
    expect(questionRoles('What port did Count Adany tax?')).toMatchObject({ verb: 'tax', role: 'subject' });
    expect(questionRoles('What language replaced Latin?')).toMatchObject({
      verb: 'replac',
      argument: 'latin',
    });
    // Passive and copular questions, lower-case subjects and "when" with a verb are not read.
    expect(questionRoles('Who was famed for the canal?')).toBeNull();
    expect(questionRoles('When did the old engineer draw the plans?')).toBeNull();
    expect(questionRoles('Where lies the port?')).toBeNull();
  });

  it('finds a sentence that states the relation the other way round', () => {
    expect(
      reversed(
        'Who replaced the guild as the ruling class?',
        'The guild replaced the counts as the ruling class.',
      ),
    ).toBe(true);
    expect(
      reversed(
        'Who replaced the guild as the ruling class?',
        'The counts replaced the guild as the ruling class.',
      ),
    ).toBe(false);
    expect(reversed('Who did Ilse marry?', 'Count Adany married Ilse in 1850.')).toBe(true);
    expect(reversed('Who did Ilse marry?', 'Ilse married Count Adany in 1850.')).toBe(false);
    expect(
      reversed('When did Adany conquer Dravik?', 'In 1191 the Serbs conquered Dravik killing Adany.'),
    ).toBe(true);
  });

  it('reads a passive the right way round, and a verb only where it is one', () => {
    expect(reversed('Who betrayed the guild?', 'The port was betrayed to the guild by the merchants.')).toBe(
      true,
    );
    expect(reversed('Who betrayed the guild?', 'The guild was betrayed by the merchants.')).toBe(false);
    expect(reversed('Who designed the locks?', 'The locks, designed by Ilse Marek, opened in 1846.')).toBe(
      false,
    );
    expect(
      reversed(
        'Who designed the Tolna locks?',
        'The canal was designed by Ilse Marek, featuring the Tolna locks.',
      ),
    ).toBe(false);
    // "a third attack" is a noun: it says nothing about who attacked whom.
    expect(
      reversed('When did the Serbs attack Dravik?', 'The Serbs paved the way for a third attack on Dravik.'),
    ).toBe(false);
  });

  it('does not judge a predicate of "was" or an argument in another clause', () => {
    expect(
      reversed('When did Marek serve as an engineer?', 'The first to serve as an engineer was Marek.'),
    ).toBe(false);
    expect(reversed('Who founded the guild?', 'The guild, as the records show, founded a school.')).toBe(
      false,
    );
    expect(reversed('Who founded the guild?', 'The guild was old.')).toBe(false);
  });
});
