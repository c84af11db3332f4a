import { classifySendError, SendError } from '../../../../src/notify/channels/email/classify';

/** Shaped as nodemailer 10 makes them (seen against smtp-server). */
const nm = (fields: Record<string, unknown>): Error => Object.assign(new Error(String(fields.message ?? 'failed')), fields);

const NO_AUTH =
  'сервер SMTP не пропонує входу (AUTH), а в mail.smtpUrl указано користувача й пароль; без входу odmon не надсилає';

describe('classifySendError', () => {
  it.each([
    [
      'retries a refused connection',
      nm({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:2525' }),
      'retry',
      'не вдалося з’єднатися із сервером SMTP («connect ECONNREFUSED 127.0.0.1:2525», ESOCKET/ECONNREFUSED)',
    ],
    ['retries a timeout', nm({ code: 'ETIMEDOUT', message: 'Greeting never received' }), 'retry', 'не вдалося з’єднатися із сервером SMTP («Greeting never received», ETIMEDOUT)'],
    ['retries a dropped connection', nm({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }), 'retry', 'не вдалося з’єднатися із сервером SMTP («Connection closed unexpectedly», ECONNECTION)'],
    ['retries a bare ECONNREFUSED', nm({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }), 'retry', 'не вдалося з’єднатися із сервером SMTP («connect ECONNREFUSED», ECONNREFUSED)'],
    [
      'retries a 451 to RCPT',
      nm({ code: 'EENVELOPE', responseCode: 451, response: '451 Try again later', command: 'RCPT TO', message: "Can't send mail - all recipients were rejected: 451 Try again later" }),
      'retry',
      'сервер SMTP тимчасово не прийняв лист («451 Try again later»)',
    ],
    [
      'retries a 421 to DATA',
      nm({ code: 'EMESSAGE', responseCode: 421, response: '421 4.3.2 System not accepting network messages', command: 'DATA' }),
      'retry',
      'сервер SMTP тимчасово не прийняв лист («421 4.3.2 System not accepting network messages»)',
    ],
    [
      'fails a 550 to RCPT for good, with the reply',
      nm({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user', command: 'RCPT TO' }),
      'permanent',
      'сервер SMTP відхилив лист («550 5.1.1 No such user»)',
    ],
    [
      'fails a 554 to DATA for good',
      nm({ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 Message rejected as spam', command: 'DATA' }),
      'permanent',
      'сервер SMTP відхилив лист («554 5.7.1 Message rejected as spam»)',
    ],
    [
      'reads a server without AUTH as a configuration error, not as a 5xx',
      nm({ code: 'EAUTH', responseCode: 500, response: '500 Error: command not recognized', command: 'AUTH PLAIN' }),
      'config',
      `${NO_AUTH} (відповідь сервера: «500 Error: command not recognized»)`,
    ],
    [
      'reads 502 to AUTH the same way',
      nm({ code: 'EAUTH', responseCode: 502, response: '502 5.5.1 Command not implemented', command: 'AUTH LOGIN' }),
      'config',
      `${NO_AUTH} (відповідь сервера: «502 5.5.1 Command not implemented»)`,
    ],
    [
      'reads a refused login as a configuration error',
      nm({ code: 'EAUTH', responseCode: 535, response: '535 Invalid username or password', command: 'AUTH PLAIN' }),
      'config',
      'сервер SMTP не прийняв ім’я користувача й пароль («535 Invalid username or password»)',
    ],
    [
      'reads a login demanded at MAIL FROM as a configuration error',
      nm({ code: 'EENVELOPE', responseCode: 530, response: '530 Error: authentication Required', command: 'MAIL FROM' }),
      'config',
      'сервер SMTP вимагає входу, а в mail.smtpUrl не вказано користувача й пароля (відповідь сервера: «530 Error: authentication Required»)',
    ],
    ['reads ECONFIG as a configuration error', nm({ code: 'ECONFIG', message: 'Invalid signal option' }), 'config', 'налаштування пошти хибні («Invalid signal option»)'],
    ['reads an unwritable folder as a configuration error', nm({ code: 'EACCES', message: "EACCES: permission denied, open 'out/x.eml'" }), 'config', "не вдалося записати лист («EACCES: permission denied, open 'out/x.eml'»)"],
    ['reads an outbox folder that is a file as a configuration error', nm({ code: 'EEXIST', message: "EEXIST: file already exists, mkdir 'out'" }), 'config', "не вдалося записати лист («EEXIST: file already exists, mkdir 'out'»)"],
    ['reads a path through a file as a configuration error', nm({ code: 'ENOTDIR', message: "ENOTDIR: not a directory, mkdir 'out/x'" }), 'config', "не вдалося записати лист («ENOTDIR: not a directory, mkdir 'out/x'»)"],
    ['fails a message with no valid recipient', nm({ code: 'EENVELOPE', message: 'No recipients defined' }), 'permanent', 'лист не можна адресувати («No recipients defined»)'],
    ['retries an unknown error', new Error('something odd'), 'retry', 'неочікувана помилка («something odd»)'],
    ['retries a thrown string', 'boom', 'retry', 'неочікувана помилка («boom»)'],
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
