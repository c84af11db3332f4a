import { classifySendError, SendError } from '../../../../src/notify/channels/email/classify';

/** Shaped as nodemailer 10 makes them (seen against smtp-server). */
const nm = (fields: Record<string, unknown>): Error => Object.assign(new Error(String(fields.message ?? 'failed')), fields);

const NO_AUTH =
  'the SMTP server does not offer AUTH, but mail.smtpUrl has a user and password; odmon does not send without logging in';

describe('classifySendError', () => {
  it.each([
    [
      'retries a refused connection',
      nm({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:2525' }),
      'retry',
      'cannot reach the SMTP server: connect ECONNREFUSED 127.0.0.1:2525 (ESOCKET/ECONNREFUSED)',
    ],
    ['retries a timeout', nm({ code: 'ETIMEDOUT', message: 'Greeting never received' }), 'retry', 'cannot reach the SMTP server: Greeting never received (ETIMEDOUT)'],
    ['retries a dropped connection', nm({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }), 'retry', 'cannot reach the SMTP server: Connection closed unexpectedly (ECONNECTION)'],
    ['retries a bare ECONNREFUSED', nm({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }), 'retry', 'cannot reach the SMTP server: connect ECONNREFUSED (ECONNREFUSED)'],
    [
      'retries a 451 to RCPT',
      nm({ code: 'EENVELOPE', responseCode: 451, response: '451 Try again later', command: 'RCPT TO', message: "Can't send mail - all recipients were rejected: 451 Try again later" }),
      'retry',
      'the SMTP server refused for now: 451 Try again later',
    ],
    [
      'retries a 421 to DATA',
      nm({ code: 'EMESSAGE', responseCode: 421, response: '421 4.3.2 System not accepting network messages', command: 'DATA' }),
      'retry',
      'the SMTP server refused for now: 421 4.3.2 System not accepting network messages',
    ],
    [
      'fails a 550 to RCPT for good, with the reply',
      nm({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user', command: 'RCPT TO' }),
      'permanent',
      'the SMTP server refused the message: 550 5.1.1 No such user',
    ],
    [
      'fails a 554 to DATA for good',
      nm({ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 Message rejected as spam', command: 'DATA' }),
      'permanent',
      'the SMTP server refused the message: 554 5.7.1 Message rejected as spam',
    ],
    [
      'reads a server without AUTH as a configuration error, not as a 5xx',
      nm({ code: 'EAUTH', responseCode: 500, response: '500 Error: command not recognized', command: 'AUTH PLAIN' }),
      'config',
      `${NO_AUTH} (the server said "500 Error: command not recognized")`,
    ],
    [
      'reads 502 to AUTH the same way',
      nm({ code: 'EAUTH', responseCode: 502, response: '502 5.5.1 Command not implemented', command: 'AUTH LOGIN' }),
      'config',
      `${NO_AUTH} (the server said "502 5.5.1 Command not implemented")`,
    ],
    [
      'reads a refused login as a configuration error',
      nm({ code: 'EAUTH', responseCode: 535, response: '535 Invalid username or password', command: 'AUTH PLAIN' }),
      'config',
      'the SMTP server refused the login: 535 Invalid username or password',
    ],
    [
      'reads a login demanded at MAIL FROM as a configuration error',
      nm({ code: 'EENVELOPE', responseCode: 530, response: '530 Error: authentication Required', command: 'MAIL FROM' }),
      'config',
      'the SMTP server requires a login, but mail.smtpUrl has no user and password (the server said "530 Error: authentication Required")',
    ],
    ['reads ECONFIG as a configuration error', nm({ code: 'ECONFIG', message: 'Invalid signal option' }), 'config', 'the mail settings are not valid: Invalid signal option'],
    ['reads an unwritable folder as a configuration error', nm({ code: 'EACCES', message: "EACCES: permission denied, open 'out/x.eml'" }), 'config', "cannot write the message: EACCES: permission denied, open 'out/x.eml'"],
    ['reads an outbox folder that is a file as a configuration error', nm({ code: 'EEXIST', message: "EEXIST: file already exists, mkdir 'out'" }), 'config', "cannot write the message: EEXIST: file already exists, mkdir 'out'"],
    ['reads a path through a file as a configuration error', nm({ code: 'ENOTDIR', message: "ENOTDIR: not a directory, mkdir 'out/x'" }), 'config', "cannot write the message: ENOTDIR: not a directory, mkdir 'out/x'"],
    ['fails a message with no valid recipient', nm({ code: 'EENVELOPE', message: 'No recipients defined' }), 'permanent', 'the message cannot be addressed: No recipients defined'],
    ['retries an unknown error', new Error('something odd'), 'retry', 'unexpected error: something odd'],
    ['retries a thrown string', 'boom', 'retry', 'unexpected error: boom'],
  ])('%s', (_name, err, kind, reason) => {
    expect(classifySendError(err)).toEqual({ retry: kind === 'retry', permanent: kind === 'permanent', config: kind === 'config', reason });
  });
});

describe('SendError.from', () => {
  it('keeps the fields classifySendError reads and hides the secrets in every text', () => {
    const e = SendError.from(
      nm({ code: 'EAUTH', responseCode: 535, response: '535 bad password p@ss/w0rd', message: 'Invalid login: 535 bad password p@ss/w0rd' }),
      ['p@ss/w0rd'],
      'smtp://u:p%40ss%2Fw0rd@h: ',
    );
    expect(e).toMatchObject({ code: 'EAUTH', responseCode: 535, response: '535 bad password ***' });
    expect(e.message).toBe('smtp://u:***@h: Invalid login: 535 bad password ***');
    expect(e.cause).toBeUndefined();
  });
});
