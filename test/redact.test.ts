import { redact, redactDeep, redactUrl, splitCredentials, urlSecrets, withoutCredentials } from '../src/redact';

describe('redactUrl masks the password whatever the user name and the password contain', () => {
  it.each([
    ['smtp://u:secret@h:587', 'smtp://u:***@h:587'],
    ['smtp://opendata@city.gov.ua:S3cretPW@127.0.0.1:1', 'smtp://opendata@city.gov.ua:***@127.0.0.1:1'],
    ['smtp://opendata%40city.gov.ua:S3cretPW@mail.city.gov.ua:587', 'smtp://opendata%40city.gov.ua:***@mail.city.gov.ua:587'],
    ['smtps://odmon:s3cr%40t@mail.example.gov.ua', 'smtps://odmon:***@mail.example.gov.ua'],
    ['smtp://u:pa@ss/wo#rd@h:25', 'smtp://u:***@h:25'],
    ['smtp://opendata@city.gov.ua:p@ss:w/o#rd@h:25', 'smtp://opendata@city.gov.ua:***@h:25'],
    ['smtp://:onlypass@h', 'smtp://:***@h'],
    ['https://reader:Port@lPW@portal.city.gov.ua/api/3', 'https://reader:***@portal.city.gov.ua/api/3'],
    ['smtp://u@h:587', 'smtp://u@h:587'],
    ['smtp://opendata@city.gov.ua@h:587', 'smtp://opendata@city.gov.ua@h:587'],
    ['smtp://h:587', 'smtp://h:587'],
    ['https://data.gov.ua/dataset/abc', 'https://data.gov.ua/dataset/abc'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redact(url)).toBe(expected);
  });
});

describe('redact masks URL passwords in free text', () => {
  it('in a sentence, with addresses after the URL', () => {
    expect(redact('delivery via smtp://opendata@city.gov.ua:S3cretPW@127.0.0.1:1: 0 sent, to a@b.org and c@d.org')).toBe(
      'delivery via smtp://opendata@city.gov.ua:***@127.0.0.1:1: 0 sent, to a@b.org and c@d.org',
    );
  });

  it('in quotes and in several URLs of one text', () => {
    expect(redact('mail.smtpUrl "smtp://a@b.c:x@y#z@h" and portal https://u:p%23w@portal/x')).toBe(
      'mail.smtpUrl "smtp://a@b.c:***@h" and portal https://u:***@portal/x',
    );
  });

  it('twice gives the same text', () => {
    const once = redact('smtp://opendata@city.gov.ua:S3cretPW@127.0.0.1:1');
    expect(redact(once)).toBe(once);
  });

  it('hides each known secret as typed, URL-encoded and JSON-escaped', () => {
    expect(redact('login p@ss"w failed for smtp://u:p%40ss%22w@h, {"p":"p@ss\\"w"}', ['p@ss"w'])).toBe(
      'login *** failed for smtp://u:***@h, {"p":"***"}',
    );
  });

  it('leaves the text alone for an empty or very short secret (the URL rule still applies)', () => {
    expect(redact('a text', [''])).toBe('a text');
    expect(redact('a text smtp://u:ab@h', ['ab'])).toBe('a text smtp://u:***@h');
  });

  it('walks log fields and lists', () => {
    expect(redactDeep({ target: 'smtp://a@b.c:pw@h', n: 3, list: ['https://u:p@x'], nested: { e: 'ok' } })).toEqual({
      target: 'smtp://a@b.c:***@h',
      n: 3,
      list: ['https://u:***@x'],
      nested: { e: 'ok' },
    });
  });
});

describe('credentials of a URL', () => {
  it('splits them off by the same rule', () => {
    expect(splitCredentials('https://reader:Port@lPW@portal.city.gov.ua/')).toEqual({ url: 'https://portal.city.gov.ua/', user: 'reader', password: 'Port@lPW' });
    expect(splitCredentials('https://portal.city.gov.ua/a@b')).toEqual({ url: 'https://portal.city.gov.ua/a@b', user: null, password: null });
    expect(withoutCredentials('https://u@portal.city.gov.ua')).toBe('https://portal.city.gov.ua');
    expect(urlSecrets('smtp://opendata@city.gov.ua:S3cretPW@h')).toEqual(['S3cretPW']);
    expect(urlSecrets('smtp://h')).toEqual([]);
    expect(urlSecrets(null)).toEqual([]);
  });
});
