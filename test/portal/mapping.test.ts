import { normaliseFormat, onlyDocumentFormats } from '../../src/rules/formats';
import { ckanInstant, mapPackage, needsDetail } from '../../src/portal/mapping';
import { makeDataset, ORG_A, readReply } from './ckan-server';
import { readFrequenciesForTest } from './fixtures';

const frequencies = readFrequenciesForTest();

describe('mapPackage on the real replies of a public CKAN instance', () => {
  it('maps every dataset of the real package_search reply (stock CKAN: no organization, blank maintainer, a PDF, an extra that is not a frequency)', () => {
    const reply = readReply('package_search');
    const mapped = (reply.result.results as Record<string, unknown>[]).map((p) => mapPackage(p, frequencies));
    expect(mapped.map((d) => [d?.name, d?.organization, d?.resourceCount, d?.formats, d?.frequencyRaw, d?.maintainer])).toEqual([
      ['100-validated-species-of-plants', null, 1, ['CSV'], null, 'TKKIM'],
      [expect.any(String), null, 1, ['PDF'], null, null],
      ['2016-regione-asia-est-oceania-classi-di-eta', 'a326f8a5-b3ee-4d47-a35f-4c7e506f40c1', 1, ['CSV'], null, null],
    ]);
  });

  it('maps the real package_show reply: dates are naive UTC, resources dated by created when never modified', () => {
    const d = mapPackage(readReply('package_show').result, frequencies);
    expect(d).toEqual({
      portalId: '17be64bb-da74-4195-9bb8-565c39846af2',
      name: '2016-regione-asia-est-oceania-classi-di-eta',
      title: '2016 Regione Asia Est Oceania * Classi di età',
      organization: 'a326f8a5-b3ee-4d47-a35f-4c7e506f40c1',
      frequencyRaw: null,
      frequency: null,
      metadataModified: '2017-07-05T19:29:07.136Z',
      resourcesModified: '2017-07-05T19:29:04.818Z',
      maintainer: null,
      maintainerEmail: null,
      resourceCount: 1,
      formats: ['CSV'],
      resources: [
        {
          position: 0,
          format: 'CSV',
          url: 'https://demo.ckan.org/dataset/17be64bb-da74-4195-9bb8-565c39846af2/resource/a5cd573b-5565-48f1-9b2d-8726004cb020/download/20161231_rase.csv',
          lastModified: null,
          created: '2017-07-05T19:29:04.818Z',
        },
      ],
    });
  });
});

describe('the update frequency', () => {
  it.each([
    ['data.gov.ua top level', { style: 'gov' as const, frequency: 'once a month' }, 'once a month', 'once a month'],
    ['stock CKAN extras', { style: 'stock' as const, frequency: 'once a quarter' }, 'once a quarter', 'once a quarter'],
    ['a Ukrainian label', { style: 'gov' as const, frequency: 'Щороку' }, 'Щороку', 'once a year'],
    ['a trailing curly quote', { style: 'stock' as const, frequency: 'immediately after making changes”' }, 'immediately after making changes”', 'immediately after making changes'],
    ['a JSON-encoded extra', { style: 'stock' as const, frequency: '"once a week"' }, 'once a week', 'once a week'],
    ['a blank value', { style: 'gov' as const, frequency: '   ' }, null, null],
    ['no value at all', { style: 'stock' as const, frequency: null }, null, null],
    ['a value nobody knows', { style: 'gov' as const, frequency: 'коли буде час' }, 'коли буде час', null],
  ])('reads %s', (_what, o, raw, value) => {
    const d = mapPackage(makeDataset(ORG_A, 1, o), frequencies);
    expect([d?.frequencyRaw, d?.frequency]).toEqual([raw, value]);
  });

  it('prefers the top-level field to extras when both are there', () => {
    const pkg = makeDataset(ORG_A, 1, { style: 'gov', frequency: 'once a day' });
    pkg.extras.push({ key: 'Update_Frequency', value: 'once a year' });
    expect(mapPackage(pkg, frequencies)?.frequency).toBe('once a day');
  });
});

describe('dates and resources', () => {
  it.each([
    ['2019-06-30T21:00:00.123456', '2019-06-30T21:00:00.123Z'],
    ['2019-06-30T21:00:00', '2019-06-30T21:00:00.000Z'],
    ['2019-06-30T21:00:00Z', '2019-06-30T21:00:00.000Z'],
    ['2019-06-30T21:00:00+03:00', '2019-06-30T18:00:00.000Z'],
    ['2019-06-30', '2019-06-30T00:00:00.000Z'],
    ['', null],
    ['yesterday', null],
    [null, null],
  ])('reads the CKAN timestamp %p as %p', (given, stored) => {
    expect(ckanInstant(given)).toBe(stored);
  });

  it('takes the latest resource change, last_modified or else created', () => {
    const pkg = makeDataset(ORG_A, 1, { formats: ['CSV', 'JSON', 'XLSX'] });
    pkg.resources[0].last_modified = '2019-06-03T10:00:00';
    pkg.resources[1].last_modified = null;
    pkg.resources[1].created = '2019-06-20T10:00:00';
    pkg.resources[2].last_modified = '2019-06-05T10:00:00';
    expect(mapPackage(pkg, frequencies)?.resourcesModified).toBe('2019-06-20T10:00:00.000Z');
  });

  it('has no resource date and a count of 0 without resources, and skips deleted resources', () => {
    const pkg = makeDataset(ORG_A, 1, { formats: ['CSV'] });
    pkg.resources[0].state = 'deleted';
    expect(mapPackage(pkg, frequencies)).toMatchObject({ resourceCount: 0, resourcesModified: null, formats: [] });
  });

  it('asks for package_show when a listing lacks the resources', () => {
    const pkg = makeDataset(ORG_A, 1);
    expect(needsDetail(pkg)).toBe(false);
    delete pkg.resources;
    expect(needsDetail(pkg)).toBe(true);
  });

  it('skips a package without an id', () => {
    expect(mapPackage({ name: 'x', title: 'X' }, frequencies)).toBeNull();
  });
});

describe('formats', () => {
  it.each([
    ['PDF', null, 'PDF'],
    ['.pdf', null, 'PDF'],
    [' docx ', null, 'DOCX'],
    ['application/pdf', null, 'PDF'],
    ['image/jpeg', null, 'JPEG'],
    ['', 'https://x/a/scan.TIFF', 'TIFF'],
    ['', 'https://x/download/data.csv?x=1', 'CSV'],
    ['', 'https://x/api/records', ''],
    [null, null, ''],
  ])('reads format %p with URL %p as %p', (format, url, expected) => {
    expect(normaliseFormat(format, url)).toBe(expected);
  });

  it.each([
    [['PDF'], true],
    [['PDF', 'DOC', 'JPEG', 'SCAN'], true],
    [['PDF', 'CSV'], false],
    [['PDF', ''], false],
    [[], false],
  ])('calls %p documents only: %p', (formats, expected) => {
    expect(onlyDocumentFormats(formats)).toBe(expected);
  });
});

describe('what a portal sends is bounded before it is kept', () => {
  it('keeps at most 1000 resources of a dataset, and counts them all', () => {
    const d = makeDataset(ORG_A, 1, { formats: Array.from({ length: 1500 }, () => 'CSV') });
    const mapped = mapPackage(d, frequencies);
    expect([mapped?.resources.length, mapped?.resourceCount, mapped?.formats.length]).toEqual([1000, 1500, 1000]);
  });

  it.each([
    ['a 10,000-character id', 'x'.repeat(10_000)],
    ['an id with a space', 'a b'],
    ['an id with a NUL', 'a\u0000b'],
  ])('takes %s for no id (the dataset is skipped)', (_what, id) => {
    expect(mapPackage({ ...makeDataset(ORG_A, 1), id }, frequencies)).toBeNull();
  });

  it('drops a name that is no slug and cuts a frequency to 200 characters', () => {
    const mapped = mapPackage({ ...makeDataset(ORG_A, 1, { frequency: 'щомісяця '.repeat(100), style: 'gov' }), name: 'x\u001b[31m' }, frequencies);
    expect(mapped?.name).toBeNull();
    expect(mapped?.frequencyRaw?.length).toBe(200);
  });
});
