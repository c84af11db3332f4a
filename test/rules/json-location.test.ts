import fc from 'fast-check';
import { syntaxErrorLocation } from '../../src/rules/json-location';

/** What JSON.parse threw for `text`, or null when it parsed. */
function parseError(text: string): Error | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return e as Error;
  }
}

const withoutPosition = new Error('Unexpected token');

describe('syntaxErrorLocation', () => {
  it.each([
    ['a trailing comma in an array', '[1,\n 2,\n]', ':3:1'],
    ['a missing value', '{"a":\n }', ':2:2'],
    ['a bare word', '{"a": yes}', ':1:7'],
    ['a misspelt literal', '[nul]', ':1:5'],
    ['an empty text', '', ':1:1'],
    ['a text of blanks', ' \n ', ':2:2'],
    ['a leading dot', '[.5]', ':1:2'],
    ['a byte order mark', '\uFEFF{}', ':1:1'],
  ])('finds %s where V8 does not say', (_what, text, location) => {
    expect(parseError(text)?.message).not.toMatch(/position/);
    expect(syntaxErrorLocation(text, parseError(text) as Error)).toBe(location);
  });

  it('counts lines and columns from V8 position', () => {
    const text = '{\n  "a": 1,\n}';
    expect(syntaxErrorLocation(text, new Error('Expected double-quoted property name in JSON at position 12'))).toBe(':3:1');
  });

  it('locates every error in JSON broken by one edit, where V8 does whenever V8 gives a position', () => {
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.integer({ min: 0, max: 2 }),
      insert: fc.string({ unit: fc.constantFrom(...',:{}[]"\'\\ \ntfnu0-.eE+1x\u0001'.split('')), maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), edit, (value, pretty, { at, remove, insert }) => {
        const valid = JSON.stringify(value, null, pretty ? 2 : undefined);
        const i = at % (valid.length + 1);
        const text = valid.slice(0, i) + insert + valid.slice(i + remove);
        const err = parseError(text);
        if (err === null) return;
        const found = syntaxErrorLocation(text, withoutPosition);
        expect(`${found} ${err.message}`).toMatch(/^:\d+:\d+ /);
        if (/position \d+/.test(err.message)) expect(`${found} ${err.message}`).toBe(`${syntaxErrorLocation(text, err)} ${err.message}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds no error in valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(syntaxErrorLocation(JSON.stringify(value, null, 1), withoutPosition)).toBe('');
      }),
    );
  });
});
