import { redactSecrets, redactUrl } from '../../../src/notify/transport/redact';

describe('redactUrl', () => {
  it.each([
    ['smtp://u:secret@h:587', 'smtp://u:***@h:587'],
    ['smtps://odmon:s3cr%40t@mail.example.gov.ua', 'smtps://odmon:***@mail.example.gov.ua'],
    ['smtp://u:pa@ss/wo#rd@h:25', 'smtp://u:***@h:25'],
    ['smtp://:onlypass@h', 'smtp://:***@h'],
    ['smtp://u@h:587', 'smtp://u@h:587'],
    ['smtp://h:587', 'smtp://h:587'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('redactSecrets', () => {
  it('hides each secret as typed and as URL-encoded', () => {
    expect(redactSecrets('login p@ss failed for smtp://u:p%40ss@h', ['p@ss'])).toBe('login *** failed for smtp://u:***@h');
  });

  it('ignores an empty secret', () => {
    expect(redactSecrets('text', [''])).toBe('text');
  });
});
