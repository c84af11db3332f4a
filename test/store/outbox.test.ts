import fs from 'node:fs';
import path from 'node:path';
import { openDb, type Db } from '../../src/store/db';
import {
  claimDue,
  countOutbox,
  enqueue,
  failedSince,
  getOutboxMessage,
  listOutbox,
  markFailed,
  markRetry,
  markSent,
  messageIdFor,
  outboxAttachments,
  recoverStale,
  releaseClaim,
  type NewOutboxMessage,
} from '../../src/store/outbox';
import { toStoredInstant } from '../../src/time/days';
import { NOW } from '../helpers/clock';
import { makeTempDir } from '../helpers/temp-db';

const at = (minutes: number): string => toStoredInstant(NOW.plus({ minutes }));
const T0 = at(0);

const dir = makeTempDir('outbox');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
let db: Db;
beforeEach(() => {
  db = openDb(path.join(dir, `outbox-${++n}.sqlite`)).db;
});
afterEach(() => db.close());

function message(key: string, over: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    key,
    kind: 'notice',
    stewardId: 'steward-it',
    from: 'Відкриті дані <opendata@example.gov.ua>',
    to: ['it@example.gov.ua', 'it2@example.gov.ua'],
    cc: ['head@example.gov.ua'],
    subject: 'Прострочені набори даних',
    text: 'Добрий день!',
    html: '<p>Добрий день!</p>',
    ...over,
  };
}

describe('messageIdFor', () => {
  it.each([
    ['keeps a key of plain characters', 'digest-run-3', 'odmon@example.org', '<odmon.digest-run-3@example.org>'],
    [
      'writes the colons a Message-ID may not hold as =3A',
      'notice:steward-it:2019-07-01:run-12',
      'Відкриті дані <opendata@example.gov.ua>',
      '<odmon.notice=3Asteward-it=3A2019-07-01=3Arun-12@example.gov.ua>',
    ],
    ['escapes "=" itself, so two keys never share an id', 'a=3Ab', 'o@example.org', '<odmon.a=3D3Ab@example.org>'],
    ['keeps single dots and escapes doubled or final ones', 'a.b..c.', 'o@example.org', '<odmon.a.b.=2Ec=2E@example.org>'],
    ['writes other characters as their UTF-8 bytes', 'тест 1', 'o@example.org', '<odmon.=D1=82=D0=B5=D1=81=D1=82=201@example.org>'],
    ['punycodes a Cyrillic domain', 'k', 'rada@київ.укр', '<odmon.k@xn--b1alf1j.xn--j1amh>'],
  ])('%s', (_name, key, from, expected) => {
    expect(messageIdFor(key, from)).toBe(expected);
  });

  it('refuses a sender address without a domain, naming it', () => {
    expect(() => messageIdFor('k', 'opendata')).toThrow(
      'the sender address "opendata" has no domain, so a Message-ID cannot be made from it',
    );
  });
});

describe('enqueue', () => {
  it('stores a message as pending, due at once, with its Message-ID and addresses', () => {
    expect(enqueue(db, message('notice:steward-it:2019-07-01:run-12'), T0)).toBe(true);
    const m = getOutboxMessage(db, 'notice:steward-it:2019-07-01:run-12');
    expect(m).toMatchObject({
      kind: 'notice',
      stewardId: 'steward-it',
      messageId: '<odmon.notice=3Asteward-it=3A2019-07-01=3Arun-12@example.gov.ua>',
      to: ['it@example.gov.ua', 'it2@example.gov.ua'],
      cc: ['head@example.gov.ua'],
      subject: 'Прострочені набори даних',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      createdAt: T0,
      sentAt: null,
      claim: null,
    });
  });

  it('does nothing for a key that is already there, even with other content', () => {
    expect(enqueue(db, message('k1'), T0)).toBe(true);
    expect(enqueue(db, message('k1', { subject: 'інша тема' }), at(5))).toBe(false);
    expect(listOutbox(db)).toHaveLength(1);
    expect(getOutboxMessage(db, 'k1')?.subject).toBe('Прострочені набори даних');
  });

  it('is undone with the caller’s transaction', () => {
    const failing = db.transaction(() => {
      enqueue(db, message('k1'), T0);
      throw new Error('recording the findings failed');
    });
    expect(() => failing()).toThrow('recording the findings failed');
    expect(listOutbox(db)).toHaveLength(0);
  });
});

describe('inline images and Reply-To', () => {
  it('are stored with the message in the same transaction, and read back in order when it is sent', () => {
    const a = { cid: 'score-chart@odmon', filename: 'otsinka.png', contentType: 'image/png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) };
    const b = { ...a, cid: 'logo@odmon', filename: 'logo.png', content: Buffer.from([1, 2, 3]) };
    expect(enqueue(db, message('digest:run-1', { kind: 'digest', replyTo: 'opendata@example.gov.ua', attachments: [a, b] }), T0)).toBe(true);
    const stored = getOutboxMessage(db, 'digest:run-1');
    expect(stored?.replyTo).toBe('opendata@example.gov.ua');
    expect(outboxAttachments(db, stored?.id as number)).toEqual([a, b]);
    // The same key again adds no second copy of the images.
    expect(enqueue(db, message('digest:run-1', { attachments: [a] }), T0)).toBe(false);
    expect(outboxAttachments(db, stored?.id as number)).toHaveLength(2);
  });

  it('are absent from a message without them', () => {
    enqueue(db, message('notice:a'), T0);
    const stored = getOutboxMessage(db, 'notice:a');
    expect([stored?.replyTo, outboxAttachments(db, stored?.id as number)]).toEqual([null, []]);
  });
});

describe('claiming and recording', () => {
  it('claims due messages oldest first and counts the attempt', () => {
    enqueue(db, message('later'), at(10));
    enqueue(db, message('first'), T0);
    const claimed = claimDue(db, at(10), 'c1', 5);
    expect(claimed.map((m) => [m.key, m.status, m.claim, m.attempts, m.claimedAt])).toEqual([
      ['first', 'sending', 'c1', 1, at(10)],
      ['later', 'sending', 'c1', 1, at(10)],
    ]);
  });

  it('does not claim a message that is not due yet', () => {
    enqueue(db, message('k1'), at(10));
    expect(claimDue(db, at(9), 'c1', 5)).toEqual([]);
  });

  it('never gives one message to two senders', () => {
    enqueue(db, message('k1'), T0);
    expect(claimDue(db, T0, 'c1', 1)).toHaveLength(1);
    expect(claimDue(db, T0, 'c2', 1)).toEqual([]);
  });

  it('marks a message sent only for the sender holding its claim', () => {
    enqueue(db, message('k1'), T0);
    const [m] = claimDue(db, T0, 'c1', 1);
    expect(markSent(db, m.id, 'someone-else', at(1))).toBe(false);
    expect(markSent(db, m.id, 'c1', at(1))).toBe(true);
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'sent', sentAt: at(1), claim: null, lastError: null });
    expect(markSent(db, m.id, 'c1', at(2))).toBe(false);
  });

  it('puts a retried message back to pending, due at the given instant, with the error', () => {
    enqueue(db, message('k1'), T0);
    const [m] = claimDue(db, T0, 'c1', 1);
    expect(markRetry(db, m.id, 'c1', '451 Try again later', at(1))).toBe(true);
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: at(1), lastError: '451 Try again later', claim: null });
    expect(claimDue(db, T0, 'c1', 1)).toEqual([]);
    expect(claimDue(db, at(1), 'c1', 1)).toHaveLength(1);
  });

  it('marks a failed message for good and lists it as failed since the attempt', () => {
    enqueue(db, message('k1'), T0);
    enqueue(db, message('k2'), T0);
    const [m] = claimDue(db, at(3), 'c1', 1);
    expect(markFailed(db, m.id, 'c1', '550 No such user')).toBe(true);
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'failed', lastError: '550 No such user', nextAttemptAt: null });
    expect(failedSince(db, at(3)).map((f) => f.key)).toEqual(['k1']);
    expect(failedSince(db, at(4))).toEqual([]);
    expect(claimDue(db, at(100), 'c1', 5).map((c) => c.key)).toEqual(['k2']);
  });

  it('releases a claim without counting the attempt, still due', () => {
    enqueue(db, message('k1'), T0);
    const [m] = claimDue(db, at(2), 'c1', 1);
    expect(releaseClaim(db, m.id, 'c1', 'login refused')).toBe(true);
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0, lastError: 'login refused' });
  });
});

describe('recoverStale', () => {
  it('puts back to pending only the sending rows claimed before the limit, saying they may have gone', () => {
    enqueue(db, message('old'), T0);
    claimDue(db, T0, 'dead', 1);
    enqueue(db, message('fresh'), T0);
    claimDue(db, at(20), 'alive', 1);
    const recovered = recoverStale(db, at(15));
    expect(recovered.map((m) => m.key)).toEqual(['old']);
    expect(getOutboxMessage(db, 'old')).toMatchObject({
      status: 'pending',
      claim: null,
      attempts: 1,
      lastError: `interrupted while sending (attempt 1, begun ${T0}); possibly delivered, will be sent again with the same Message-ID`,
    });
    expect(getOutboxMessage(db, 'fresh')).toMatchObject({ status: 'sending', claim: 'alive' });
  });

  it('leaves the dead sender unable to record anything on the recovered row', () => {
    enqueue(db, message('old'), T0);
    const [m] = claimDue(db, T0, 'dead', 1);
    recoverStale(db, at(15));
    expect(markSent(db, m.id, 'dead', at(16))).toBe(false);
    expect(getOutboxMessage(db, 'old')?.status).toBe('pending');
  });
});

describe('listOutbox and countOutbox', () => {
  it('counts every status, zero included, and filters the list by status', () => {
    for (const k of ['a', 'b', 'c']) enqueue(db, message(k), T0);
    const [a] = claimDue(db, T0, 'c1', 1);
    markSent(db, a.id, 'c1', T0);
    claimDue(db, T0, 'c1', 1);
    expect(countOutbox(db)).toEqual({ pending: 1, sending: 1, sent: 1, failed: 0 });
    expect(listOutbox(db, { status: 'pending' }).map((m) => m.key)).toEqual(['c']);
    expect(listOutbox(db).map((m) => m.key)).toEqual(['a', 'b', 'c']);
  });
});
