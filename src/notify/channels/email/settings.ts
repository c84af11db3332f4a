/** The e-mail channel's settings: the `mail` section of the config file. */
import { emailList, filePath, mailbox, milliseconds, oneLine, smtpUrl, zeroMeans } from '../../../setting-kinds';
import { section, setting, type ValuesOf } from '../../../setting';
import { DEFAULT_OUTBOX_DIR } from '../../../paths';

/** An SMTP timeout; 0 stands for its default, as it did before these settings were declared. */
const timeout = (fallback: number, doc: string) => setting(zeroMeans(milliseconds(), fallback), { default: fallback, doc });

export const MAIL_SETTINGS = section('MAIL_', {
  smtpUrl: setting(smtpUrl(), {
    default: null,
    defaultText: 'none',
    env: 'ODMON_SMTP_URL',
    requires: ['mail.from'],
    doc: '`smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`; none = write `.eml` files to `mail.outboxDir`',
  }),
  from: setting(mailbox(), {
    default: 'odmon <odmon@localhost>',
    doc: 'sender, e.g. `Відкриті дані <opendata@city.gov.ua>`; required with an SMTP server; its domain makes the Message-IDs',
  }),
  fromName: setting(oneLine({ optional: true, forbid: /[<>"]/, forbidWhy: 'не може містити <, > чи " (це ім’я відправника, а не адреса)' }), {
    default: null,
    defaultText: 'the name in `mail.from`, else `org.unit`',
    doc: "the sender's display name, e.g. `Відділ інформаційно-комп'ютерного забезпечення`",
  }),
  itHead: setting(emailList(), {
    default: [],
    defaultText: 'none',
    env: 'ODMON_IT_HEAD',
    doc: "the IT head's address(es) for the digest",
  }),
  outboxDir: setting(filePath(), {
    default: DEFAULT_OUTBOX_DIR,
    defaultText: '`data/outbox/`',
    env: 'ODMON_OUTBOX_DIR',
    doc: 'where `.eml` files go when no SMTP server is configured',
  }),
  connectionTimeoutMs: timeout(10_000, 'TCP connect timeout'),
  greetingTimeoutMs: timeout(10_000, "wait for the server's greeting"),
  socketTimeoutMs: timeout(30_000, 'inactivity timeout of a connection'),
});

export type MailSettings = ValuesOf<typeof MAIL_SETTINGS>;
