import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { fixedClock } from '../../../../src/clock';
import { OdmonError } from '../../../../src/errors';
import { emailChannel } from '../../../../src/notify/channels/email';
import { FileTransport } from '../../../../src/notify/channels/email/file';
import type { MailSettings } from '../../../../src/notify/channels/email/settings';
import type { OutgoingMessage } from '../../../../src/notify/channels/types';
import { NOW } from '../../../helpers/clock';
import { makeTempDir } from '../../../helpers/temp-db';

const clock = fixedClock(NOW);

const dir = makeTempDir('file-transport');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFolder = (): string => path.join(dir, `out-${++n}`);

const message: OutgoingMessage = {
  messageId: '<odmon.notice=3Asteward-it=3A2019-07-01=3Arun-12@example.gov.ua>',
  key: 'notice:steward-it:2019-07-01:run-12',
  from: 'Відкриті дані <opendata@example.gov.ua>',
  to: ['it@example.gov.ua', 'it2@example.gov.ua'],
  cc: ['head@example.gov.ua'],
  subject: 'Прострочені набори даних: 2',
  text: 'Добрий день!\nНабір «Бюджет міста» не оновлено.',
  html: '<p>Добрий день!</p><p>Набір «Бюджет міста» не оновлено.</p>',
};

async function readOnly(folder: string) {
  const files = fs.readdirSync(folder);
  expect(files).toHaveLength(1);
  return { file: files[0], parsed: await simpleParser(fs.readFileSync(path.join(folder, files[0]))) };
}

describe('FileTransport', () => {
  it('writes a MIME .eml named after the Kyiv time and the key that mail programs can read', async () => {
    const folder = freshFolder();
    await new FileTransport(folder, clock).send(message);
    const { file, parsed } = await readOnly(folder);
    expect(file).toBe('20190701-090000-notice_steward-it_2019-07-01_run-12.eml');
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.from?.value).toEqual([{ address: 'opendata@example.gov.ua', name: 'Відкриті дані' }]);
    expect(parsed.to).toMatchObject({ text: 'it@example.gov.ua, it2@example.gov.ua' });
    expect(parsed.cc).toMatchObject({ text: 'head@example.gov.ua' });
    expect(parsed.text?.trim()).toBe(message.text);
    expect(parsed.html).toBe(message.html);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.date?.toISOString()).toBe('2019-07-01T06:00:00.000Z');
  });

  it('writes an inline image as a related part, referenced by the HTML through its Content-ID, as SMTP would send it', async () => {
    const folder = freshFolder();
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    await new FileTransport(folder, clock).send({
      ...message,
      html: '<img src="cid:score-chart@odmon" alt="">',
      replyTo: 'opendata@example.gov.ua',
      attachments: [{ cid: 'score-chart@odmon', filename: 'otsinka.png', contentType: 'image/png', content: png }],
    });
    const file = path.join(folder, fs.readdirSync(folder)[0]);
    const raw = fs.readFileSync(file);
    const parsed = await simpleParser(raw, { keepCidLinks: true });
    expect(parsed.html).toBe('<img src="cid:score-chart@odmon" alt="">');
    expect(parsed.replyTo?.text).toBe('opendata@example.gov.ua');
    expect(parsed.attachments.map((a) => [a.cid, a.related, a.contentDisposition, a.content.equals(png)])).toEqual([['score-chart@odmon', true, 'inline', true]]);
  });

  it('names a message without a key after its Message-ID', async () => {
    const folder = freshFolder();
    await new FileTransport(folder, clock).send({ ...message, key: undefined });
    expect(fs.readdirSync(folder)).toEqual(['20190701-090000-odmon.notice_3Asteward-it_3A2019-07-01_3Arun-12_example.gov.ua.eml']);
  });

  it('never overwrites: a second copy in the same second gets a suffix', async () => {
    const folder = freshFolder();
    const t = new FileTransport(folder, clock);
    await t.send(message);
    await t.send(message);
    expect(fs.readdirSync(folder).sort()).toEqual([
      '20190701-090000-notice_steward-it_2019-07-01_run-12-2.eml',
      '20190701-090000-notice_steward-it_2019-07-01_run-12.eml',
    ]);
  });

  it('names its folder as its target', () => {
    expect(new FileTransport('data/outbox', clock).target).toBe('folder data/outbox');
  });
});

const settings = (over: Partial<MailSettings>): MailSettings => ({
  smtpUrl: null,
  from: 'Відкриті дані <opendata@example.gov.ua>',
  fromName: null,
  itHead: [],
  outboxDir: '/srv/odmon/outbox',
  connectionTimeoutMs: 10_000,
  greetingTimeoutMs: 10_000,
  socketTimeoutMs: 30_000,
  ...over,
});

describe('the e-mail channel', () => {
  it('writes files into the outbox folder when no SMTP server is configured', () => {
    expect(emailChannel.open(settings({}), clock).target).toBe('folder /srv/odmon/outbox');
  });

  it('sends over SMTP when a URL is configured, showing it without the password', () => {
    const t = emailChannel.open(settings({ smtpUrl: 'smtp://odmon:S3cr3t@mail.example.gov.ua:587' }), clock);
    expect(t.target).toBe('smtp://odmon:***@mail.example.gov.ua:587');
    t.close?.();
  });

  it('refuses a bad URL with a configuration error', () => {
    expect(() => emailChannel.open(settings({ smtpUrl: 'smtp://odmon:S3cr3t@' }), clock)).toThrow(OdmonError);
    expect(() => emailChannel.open(settings({ smtpUrl: 'smtp://odmon:S3cr3t@' }), clock)).toThrow('mail.smtpUrl "smtp://odmon:***@" is not a URL');
  });

  it('previews into the folder it is given, as the .eml files it would send', async () => {
    const folder = freshFolder();
    await emailChannel.preview(folder, clock).send(message);
    expect((await readOnly(folder)).parsed.subject).toBe(message.subject);
  });
});
