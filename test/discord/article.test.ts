import { afterEach, describe, expect, it } from 'vitest';
import { startHttpTestServer, type HttpTestServer } from '../helpers/http-test-server.js';
import {
  callbackOf,
  customIds,
  expectNoPings,
  postedText,
  startBotTestKit,
  type BotTestKit,
} from './bot-test-kit.js';

let kit: BotTestKit | undefined;
let web: HttpTestServer | undefined;
afterEach(async () => {
  await kit?.close();
  await web?.close();
  kit = undefined;
  web = undefined;
});

const ephemeral = 64;
const harbourArticle = [
  '---',
  'title: Harbour authority approves the new ferry terminal',
  'source: Coastal Courier',
  'published: 2025-09-02',
  'url: https://courier.example/ferry-terminal',
  '---',
  'The harbour authority approved the new ferry terminal on Tuesday after a two-year review.',
  'Construction of the ferry terminal will start in spring and cost 40 million euros, the authority said.',
].join('\n');

/** Sends `/article add file:` with an attachment as Discord describes it (name, size, address). */
function addAttachment(
  kit: BotTestKit,
  context: ReturnType<BotTestKit['asMember']>,
  attachment: Record<string, unknown>,
) {
  return kit.fake.sendCommand('article', [{ name: 'file', type: 11, value: attachment.id }], {
    ...context,
    subcommand: 'add',
    resolved: { attachments: { [String(attachment.id)]: attachment } },
  });
}

function addWithFile(kit: BotTestKit, context: ReturnType<BotTestKit['asMember']>, text = harbourArticle) {
  return addAttachment(kit, context, kit.fake.addAttachment('ferry.txt', Buffer.from(text)));
}

async function ask(kit: BotTestKit, question: string, guild = kit.guildA): Promise<string> {
  const { token } = kit.fake.sendCommand(
    'ask',
    [{ name: 'question', type: 3, value: question }],
    kit.asMember(guild),
  );
  const edit = await kit.waitForEdit(token);
  return postedText(edit.body);
}

function addedInGuild(kit: BotTestKit, guildId: string): number {
  return kit.deps.articles.list(guildId).filter((article) => article.scope === guildId).length;
}

describe('/article add', () => {
  it('refuses a member without permission, privately, and stores nothing', async () => {
    kit = await startBotTestKit();
    const interaction = addWithFile(kit, kit.asMember());
    const callback = await callbackOf(kit, interaction);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: ephemeral } });
    expect(callback.body.data?.content).toContain('only moderators');
    expect(addedInGuild(kit, kit.guildA.id)).toBe(0);
    expect(kit.fake.requests.some((request) => request.path.startsWith('/attachments/'))).toBe(false);
  });

  it('stores a moderator’s file, answers from it in that server, and not in another server', async () => {
    kit = await startBotTestKit();
    const interaction = addWithFile(kit, kit.asModerator());
    const edit = await kit.waitForEdit(interaction.token);
    expect(postedText(edit.body)).toContain('Added **Harbour authority approves the new ferry terminal**');
    expect(addedInGuild(kit, kit.guildA.id)).toBe(1);

    const inGuildA = await ask(kit, 'when will construction of the ferry terminal start?');
    expect(inGuildA).toContain('Construction of the ferry terminal will start in spring');
    expect(inGuildA).toContain('line 2');
    expect(inGuildA).toContain('https://courier.example/ferry-terminal#:~:text=');

    const inGuildB = await ask(kit, 'when will construction of the ferry terminal start?', kit.guildB);
    expect(inGuildB).not.toContain('ferry terminal will start');
    expect(inGuildB).toContain("couldn't find");
  });

  it('lets a member with a configured moderator role add an article', async () => {
    kit = await startBotTestKit();
    const interaction = addWithFile(kit, { ...kit.asMember(), roles: [kit.moderatorRoleId] });
    const edit = await kit.waitForEdit(interaction.token);
    expect(postedText(edit.body)).toContain('Added');
    expect(addedInGuild(kit, kit.guildA.id)).toBe(1);
  });

  it('opens a modal for pasted text and stores what is submitted', async () => {
    kit = await startBotTestKit();
    const command = kit.fake.sendCommand('article', [{ name: 'source', type: 3, value: 'Coastal Courier' }], {
      ...kit.asModerator(),
      subcommand: 'add',
    });
    const modal = await callbackOf(kit, command);
    expect(modal.body.type).toBe(9);
    expect(JSON.stringify(modal.body.data)).toContain('"value":"Coastal Courier"');

    const submitted = kit.fake.submitModal(
      modal.body.data?.custom_id ?? '',
      {
        text: 'The city council voted to close the old bridge for repairs next month.',
        title: 'Old bridge to close for repairs',
        source: 'Coastal Courier',
        published: '2025-09-03',
        url: '',
      },
      kit.asModerator(),
    );
    const reply = await callbackOf(kit, submitted);
    expect(reply.body.data?.content).toContain('Added **Old bridge to close for repairs**');
    expect(kit.deps.articles.list(kit.guildA.id).map((article) => article.title)).toContain(
      'Old bridge to close for repairs',
    );
  });

  it('refuses a modal submitted by someone who is not a moderator', async () => {
    kit = await startBotTestKit();
    const submitted = kit.fake.submitModal(
      'article:add',
      { text: 'Some text to add here.', title: 'T', source: 'S', published: '2025-09-03' },
      kit.asMember(),
    );
    const reply = await callbackOf(kit, submitted);
    expect(reply.body.data?.content).toContain('only moderators');
    expect(addedInGuild(kit, kit.guildA.id)).toBe(0);
  });

  it('stores an article fetched from a link', async () => {
    web = await startHttpTestServer({
      '/story': {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: `<html><head><title>Rail strike ends after talks</title><meta property="og:site_name" content="Metro Daily"><meta property="article:published_time" content="2025-09-04T08:00:00Z"></head><body><article><h1>Rail strike ends after talks</h1><p>The rail strike ended on Thursday after unions and the operator agreed on a new wage deal for drivers.</p><p>Trains will run on the normal timetable from Friday morning, the operator said in a statement.</p><p>The deal raises drivers' pay by six percent this year and by four percent next year, according to the union, which had called the strike after months of negotiations.</p><p>Commuters had faced three days of cancellations, with replacement buses on only some routes and long queues at the central station during the morning rush.</p></article></body></html>`,
      },
    });
    kit = await startBotTestKit({ environment: { NEWSDESK_ALLOW_PRIVATE_URLS: 'true' } });
    const interaction = kit.fake.sendCommand(
      'article',
      [{ name: 'url', type: 3, value: `${web.origin}/story` }],
      {
        ...kit.asModerator(),
        subcommand: 'add',
      },
    );
    const edit = await kit.waitForEdit(interaction.token);
    expect(postedText(edit.body)).toContain('Added **Rail strike ends after talks**');
    expect(await ask(kit, 'when will trains run on the normal timetable?')).toContain(
      'normal timetable from Friday',
    );
  });

  it('refuses an attachment whose real size is over the limit, whatever size Discord declared, and stores nothing', async () => {
    kit = await startBotTestKit();
    const big = Buffer.from(`${harbourArticle}\n${'More text about the ferry terminal. '.repeat(90_000)}`);
    const declaredSmall = { ...kit.fake.addAttachment('ferry.txt', big), size: 1000 };
    const interaction = addAttachment(kit, kit.asModerator(), declaredSmall);
    const edit = await kit.waitForEdit(interaction.token);
    expect(postedText(edit.body)).toContain('"ferry.txt" is larger than 2 MB, the limit.');
    expect(addedInGuild(kit, kit.guildA.id)).toBe(0);
  });

  it('reads a wrapped Markdown attachment into the same lines as the curated sync and every other route', async () => {
    kit = await startBotTestKit();
    const markdown = [
      '---',
      'title: Harbour authority approves the new ferry terminal',
      'source: Coastal Courier',
      'published: 2025-09-02',
      '---',
      '# Harbour authority approves the new ferry terminal',
      '',
      'The harbour authority approved the new ferry terminal on',
      'Tuesday after a **two-year** review.',
      '',
      'Construction will start in spring.',
    ].join('\n');
    const added = addAttachment(
      kit,
      kit.asModerator(),
      kit.fake.addAttachment('ferry.md', Buffer.from(markdown)),
    );
    expect(postedText((await kit.waitForEdit(added.token)).body)).toContain('(2 lines)');
    const id =
      kit.deps.articles.list(kit.guildA.id).find((article) => article.scope === kit?.guildA.id)?.id ?? '';
    const show = kit.fake.sendCommand('article', [{ name: 'id', type: 3, value: id }], {
      ...kit.asModerator(),
      subcommand: 'show',
    });
    const embed = (await callbackOf(kit, show)).body.data?.embeds?.[0];
    expect(embed?.description).toBe(
      'Coastal Courier · 2025-09-02\n\n**1** The harbour authority approved the new ferry terminal on Tuesday after a two-year review.\n**2** Construction will start in spring.',
    );
  });

  it('says why a file cannot be used and stores nothing', async () => {
    kit = await startBotTestKit();
    const interaction = addAttachment(
      kit,
      kit.asModerator(),
      kit.fake.addAttachment('scan.pdf', Buffer.from('%PDF-1.7')),
    );
    const edit = await kit.waitForEdit(interaction.token);
    expect(postedText(edit.body)).toContain('.pdf files are not supported');
    expect(addedInGuild(kit, kit.guildA.id)).toBe(0);
  });
});

describe('quoting hostile article text', () => {
  it('quotes @everyone and a role mention as plain text that can neither ping nor read as a mention', async () => {
    kit = await startBotTestKit();
    const text = [
      '---',
      'title: Club notice about the harbour festival',
      'source: Club newsletter',
      'published: 2025-09-05',
      '---',
      `Attention @everyone and <@&${kit.moderatorRoleId}>: the harbour festival fireworks start at nine tonight.`,
    ].join('\n');
    const added = addWithFile(kit, kit.asModerator(), text);
    await kit.waitForEdit(added.token);
    const { token } = kit.fake.sendCommand(
      'ask',
      [{ name: 'question', type: 3, value: 'when do the harbour festival fireworks start?' }],
      kit.asMember(),
    );
    const edit = await kit.waitForEdit(token);
    const posted = postedText(edit.body);
    expect(posted).toContain('Attention @\u200beveryone and \\<@&');
    expect(posted).not.toMatch(/@everyone|(?<!\\)<@&/);
    expectNoPings(edit.body);
  });
});

describe('/article list, show and remove', () => {
  it('lists articles with who added each, and pages with buttons', async () => {
    kit = await startBotTestKit();
    for (let index = 1; index <= 11; index += 1) {
      const interaction = addWithFile(
        kit,
        kit.asModerator(),
        `---\ntitle: Notice ${index}\nsource: Board\npublished: 2025-09-${String(index).padStart(2, '0')}\n---\nNotice number ${index} about the harbour works schedule.`,
      );
      await kit.waitForEdit(interaction.token);
    }
    const list = kit.fake.sendCommand('article', [], { ...kit.asModerator(), subcommand: 'list' });
    const reply = await callbackOf(kit, list);
    const description = reply.body.data?.embeds?.[0]?.description ?? '';
    expect(reply.body.data?.embeds?.[0]?.title).toBe('Articles (page 1 of 2, 12 in all)');
    expect(description).toContain(`added by <@${kit.moderator.id}>`);
    expect(description).toContain('Notice 11');
    expectNoPings(reply.body.data);

    const message = kit.fake.originalResponse(list.token) ?? {};
    const nextId = customIds(reply.body.data).find((customId) => customId.startsWith('article:list:2:next:'));
    const next = kit.fake.pressButton(nextId ?? '', message, kit.asModerator());
    const page = await callbackOf(kit, next);
    expect(page.body.type).toBe(7);
    expect(page.body.data?.embeds?.[0]?.title).toBe('Articles (page 2 of 2, 12 in all)');
    expect(page.body.data?.embeds?.[0]?.description).toContain('curated');
  });

  it('suggests article ids as the moderator types, and shows an article’s numbered lines', async () => {
    kit = await startBotTestKit();
    const suggest = kit.fake.sendAutocomplete(
      'article',
      'show',
      [{ name: 'id', type: 3, value: 'kallas', focused: true }],
      kit.asModerator(),
    );
    const choices = await callbackOf(kit, suggest);
    expect(choices.body.type).toBe(8);
    expect(choices.body.data?.choices?.[0]?.value).toBe('kallas-eu-contribution-security-guarantees');

    const show = kit.fake.sendCommand(
      'article',
      [
        { name: 'id', type: 3, value: 'kallas-eu-contribution-security-guarantees' },
        { name: 'lines', type: 3, value: '5-6' },
      ],
      { ...kit.asModerator(), subcommand: 'show' },
    );
    const reply = await callbackOf(kit, show);
    const embed = reply.body.data?.embeds?.[0];
    expect(embed?.description).toMatch(
      /^TASS · 2025-08-29\n\n\*\*5\*\* Kallas admitted that there was no single European solution/,
    );
    expect(embed?.description).toContain('**6** The top diplomat');
    expect(embed?.footer?.text).toContain('lines 5-6 of 9');
  });

  it('reads lines: like the terminal, cutting a range past the end and refusing a backward one with the same words', async () => {
    const current = await startBotTestKit();
    kit = current;
    const show = async (lines: string) => {
      const interaction = current.fake.sendCommand(
        'article',
        [
          { name: 'id', type: 3, value: 'kallas-eu-contribution-security-guarantees' },
          { name: 'lines', type: 3, value: lines },
        ],
        { ...current.asModerator(), subcommand: 'show' },
      );
      return (await callbackOf(current, interaction)).body.data;
    };
    expect((await show('8-100'))?.embeds?.[0]?.footer?.text).toContain('lines 8-9 of 9');
    expect((await show('9-3'))?.content).toBe(
      'The range 9-3 runs backwards; give the first line first, like 3-9.',
    );
    expect((await show('100'))?.content).toBe(
      'The article has 9 lines, so there is no line 100; give lines from 1 to 9.',
    );
  });

  it('removes an added article only after confirmation, and records who added and removed it', async () => {
    kit = await startBotTestKit();
    const added = addWithFile(kit, kit.asModerator());
    await kit.waitForEdit(added.token);
    const id =
      kit.deps.articles.list(kit.guildA.id).find((article) => article.scope === kit?.guildA.id)?.id ?? '';

    const remove = kit.fake.sendCommand('article', [{ name: 'id', type: 3, value: id }], {
      ...kit.asModerator(),
      subcommand: 'remove',
    });
    const confirmation = await callbackOf(kit, remove);
    expect(confirmation.body.data?.content).toContain(
      'Remove **Harbour authority approves the new ferry terminal**',
    );
    expect(addedInGuild(kit, kit.guildA.id)).toBe(1);

    const message = kit.fake.originalResponse(remove.token) ?? {};
    const [confirmId = ''] = customIds(confirmation.body.data);
    expect(confirmId).toMatch(/^article:remove:/);
    const confirm = kit.fake.pressButton(confirmId, message, kit.asModerator());
    const done = await callbackOf(kit, confirm);
    expect(done.body).toMatchObject({ type: 7 });
    expect(done.body.data?.content).toContain('Removed');
    expect(addedInGuild(kit, kit.guildA.id)).toBe(0);

    const audit = kit.app.db
      .prepare('SELECT action, actor, article_id, scope FROM audit_log ORDER BY id')
      .all();
    expect(audit).toEqual([
      { action: 'add', actor: kit.moderator.id, article_id: id, scope: kit.guildA.id },
      { action: 'remove', actor: kit.moderator.id, article_id: id, scope: kit.guildA.id },
    ]);
  });

  it('will not remove a curated article', async () => {
    kit = await startBotTestKit();
    const remove = kit.fake.sendCommand(
      'article',
      [{ name: 'id', type: 3, value: 'kallas-eu-contribution-security-guarantees' }],
      {
        ...kit.asModerator(),
        subcommand: 'remove',
      },
    );
    const reply = await callbackOf(kit, remove);
    expect(reply.body.data?.content).toContain('curated');
    expect(reply.body.data?.flags).toBe(ephemeral);
    expect(kit.deps.articles.get('kallas-eu-contribution-security-guarantees', 'global')).toBeDefined();
  });
});
