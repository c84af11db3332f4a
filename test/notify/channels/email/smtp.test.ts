import { simpleParser } from 'mailparser';
import { OdmonError } from '../../../../src/errors';
import { SendError } from '../../../../src/notify/channels/email/classify';
import { parseSmtpUrl, SmtpTransport } from '../../../../src/notify/channels/email/smtp';
import type { OutgoingMessage } from '../../../../src/notify/channels/types';
import { TestSmtpServer } from '../../../helpers/smtp';

jest.setTimeout(10_000);

const FAST = { connectionMs: 2000, greetingMs: 2000, socketMs: 3000 };
const CREDENTIALS = { user: 'odmon', password: 'S3cr3t:p@ss' };

const message: OutgoingMessage = {
  messageId: '<odmon.notice=3Asteward-it=3Arun-1@example.gov.ua>',
  key: 'notice:steward-it:run-1',
  from: 'Відкриті дані <opendata@example.gov.ua>',
  to: ['it@example.gov.ua'],
  cc: ['head@example.gov.ua'],
  subject: 'Прострочено: «Реєстр розпорядників» — 3 дні',
  text: 'Добрий день!\nНабір «Бюджет міста» не оновлено з 30.06.2019. Ґ, Є, Ї, І — все на місці.',
  html: '<p>Добрий день!</p><p>Набір «Бюджет міста» не оновлено з 30.06.2019.</p>',
};

describe('parseSmtpUrl', () => {
  it.each([
    ['smtp://mail.example.org', { host: 'mail.example.org', port: 587, secure: false, user: null, password: null }],
    ['smtps://mail.example.org', { host: 'mail.example.org', port: 465, secure: true, user: null, password: null }],
    ['smtp://odmon:p%40ss%3Aw@mail.example.org:2525/', { host: 'mail.example.org', port: 2525, secure: false, user: 'odmon', password: 'p@ss:w' }],
    ['smtp://odmon@127.0.0.1:25', { host: '127.0.0.1', port: 25, secure: false, user: 'odmon', password: null }],
  ])('reads %s', (url, expected) => {
    expect(parseSmtpUrl(url)).toEqual(expected);
  });

  it.each([
    ['http://u:secret@h', 'mail.smtpUrl "http://u:***@h": схема "http" не підходить (відомі: smtp, smtps)'],
    ['smtp://u:secret@h/path', 'mail.smtpUrl "smtp://u:***@h/path": адреса містить шлях або параметри запиту, яких odmon не читає'],
    ['smtp://u:secret@h?pool=true', 'mail.smtpUrl "smtp://u:***@h?pool=true": адреса містить шлях або параметри запиту, яких odmon не читає'],
    ['mail.example.org:587', 'mail.smtpUrl "mail.example.org:587": це не URL-адреса'],
    ['smtp://:secret@h', 'mail.smtpUrl "smtp://:***@h": вказано пароль, але не вказано імені користувача'],
    ['smtp://u:sec%ZZret@h', 'mail.smtpUrl "smtp://u:***@h": пароль записано з хибним URL-кодуванням'],
    ['not a url', 'mail.smtpUrl "not a url": це не URL-адреса'],
  ])('refuses %s without showing the password', (url, expected) => {
    let caught: unknown;
    try {
      parseSmtpUrl(url);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OdmonError);
    expect((caught as OdmonError).code).toBe('E_CONFIG');
    expect((caught as OdmonError).message).toBe(expected);
    expect((caught as OdmonError).message).not.toContain('secret');
  });
});

describe('SmtpTransport', () => {
  let open: TestSmtpServer;
  let authed: TestSmtpServer;
  let noAuth: TestSmtpServer;
  beforeAll(async () => {
    [open, authed, noAuth] = await Promise.all([
      TestSmtpServer.start(),
      TestSmtpServer.start({ auth: CREDENTIALS }),
      TestSmtpServer.start({ noAuth: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([open.stop(), authed.stop(), noAuth.stop()]);
  });

  it('delivers a Cyrillic subject and body intact, with an HTML part and the given Message-ID', async () => {
    const t = new SmtpTransport(open.url(), { timeouts: FAST });
    await t.send(message);
    t.close();
    expect(open.messages).toHaveLength(1);
    const { parsed, envelopeFrom, envelopeTo } = open.messages[0];
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text?.trim()).toBe(message.text);
    expect(parsed.html).toBe(message.html);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.from?.value).toEqual([{ address: 'opendata@example.gov.ua', name: 'Відкриті дані' }]);
    expect(envelopeFrom).toBe('opendata@example.gov.ua');
    expect(envelopeTo).toEqual(['it@example.gov.ua', 'head@example.gov.ua']);
    expect(parsed.headers.get('cc')).toMatchObject({ text: 'head@example.gov.ua' });
  });

  it('sends an inline image as a related part with its Content-ID, which the HTML references, and the Reply-To', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a6d40000000049454e44ae426082', 'hex');
    const t = new SmtpTransport(open.url(), { timeouts: FAST });
    const mark = open.messages.length;
    await t.send({
      ...message,
      html: '<p>Оцінка:</p><img src="cid:score-chart@odmon" alt="оцінка">',
      replyTo: 'opendata@example.gov.ua',
      attachments: [{ cid: 'score-chart@odmon', filename: 'otsinka.png', contentType: 'image/png', content: png }],
    });
    t.close();
    const { raw, parsed } = open.messages[mark];
    expect(parsed.replyTo?.value).toEqual([{ address: 'opendata@example.gov.ua', name: '' }]);
    expect(parsed.attachments.map((a) => [a.cid, a.contentType, a.contentDisposition, a.related, a.content.equals(png)])).toEqual([
      ['score-chart@odmon', 'image/png', 'inline', true, true],
    ]);
    const asSent = await simpleParser(raw, { keepCidLinks: true });
    expect(asSent.html).toContain('<img src="cid:score-chart@odmon" alt="оцінка">');
    expect(raw.toString('latin1')).toMatch(/Content-Type: multipart\/related;[\s\S]*Content-ID: <score-chart@odmon>/);
  });

  it('logs in with the credentials of the URL', async () => {
    const t = new SmtpTransport(authed.url(CREDENTIALS), { timeouts: FAST });
    await t.send(message);
    t.close();
    expect(authed.messages.map((m) => m.user)).toEqual(['odmon']);
  });

  it('refuses to send without logging in when the server offers no AUTH, hiding the password', async () => {
    const t = new SmtpTransport(noAuth.url(CREDENTIALS), { timeouts: FAST });
    const err = await t.send(message).then(
      () => null,
      (e: unknown) => e,
    );
    t.close();
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ code: 'EAUTH', responseCode: 500 });
    expect((err as SendError).message).toBe(
      `smtp://odmon:***@127.0.0.1:${noAuth.port}: Invalid login: 500 Error: command not recognized`,
    );
    expect(JSON.stringify({ ...(err as SendError), message: (err as SendError).message })).not.toMatch(/S3cr3t/);
    expect(noAuth.messages).toHaveLength(0);
  });

  it('names the server (password hidden) when it cannot connect', async () => {
    const down = await TestSmtpServer.start();
    await down.stop();
    const t = new SmtpTransport(down.url(CREDENTIALS), { timeouts: FAST });
    await expect(t.send(message)).rejects.toMatchObject({
      code: 'ESOCKET',
      originalCode: 'ECONNREFUSED',
      message: `smtp://odmon:***@127.0.0.1:${down.port}: connect ECONNREFUSED 127.0.0.1:${down.port}`,
    });
    t.close();
  });

  it('shows the URL with the password hidden as its target', () => {
    expect(new SmtpTransport('smtps://odmon:S3cr3t@mail.example.gov.ua').target).toBe('smtps://odmon:***@mail.example.gov.ua');
  });
});
