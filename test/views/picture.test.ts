/**
 * The picture of the last check (what every web page and the open data show) on the example register: the same
 * counts as the compliance view and the digest, the same states as the steward's page, the open findings that
 * `check --json` printed, and downloads whose every row agrees with those findings.
 */
import { DateTime } from 'luxon';
import { complianceView } from '../../src/views/compliance';
import { DUE_SOON_DAYS, datasetStatus, taskStatus } from '../../src/views/statuses';
import { complianceCsv, complianceCsvParts, complianceJson, OPEN_DATA_COLUMNS } from '../../src/views/open-data';
import { buildPicture, countStatuses } from '../../src/views/picture';
import { stewardPage } from '../../src/views/steward';
import { dayBefore, isoDeadlineDay, isoKyivDay, shownKyivDay } from '../../src/views/kyiv-days';
import { formatDate, fromStoredInstant, toStoredInstant } from '../../src/time/days';
import { AS_OF, key, useExampleCouncil } from './example-council';

const council = useExampleCouncil('views-picture');

describe('datasetStatus: the one vocabulary (dashboard.md, item 2)', () => {
  it.each([
    [{ state: 'suspended', daysOverdue: 40, frequencyStatus: 'known' }, 'suspended'],
    [{ state: 'never-published', daysOverdue: null, frequencyStatus: 'blank' }, 'not-published'],
    [{ state: 'late', daysOverdue: 1, frequencyStatus: 'known' }, 'overdue'],
    [{ state: 'on-time', daysOverdue: 0, frequencyStatus: 'known' }, 'due-soon'],
    [{ state: 'on-time', daysOverdue: -DUE_SOON_DAYS, frequencyStatus: 'known' }, 'due-soon'],
    [{ state: 'on-time', daysOverdue: -DUE_SOON_DAYS - 1, frequencyStatus: 'known' }, 'on-time'],
    [{ state: 'not-periodic', daysOverdue: null, frequencyStatus: 'known' }, 'on-time'],
    [{ state: 'not-periodic', daysOverdue: null, frequencyStatus: 'blank' }, 'no-frequency'],
    [{ state: 'not-periodic', daysOverdue: null, frequencyStatus: 'unknown' }, 'no-frequency'],
  ] as const)('%j is %s', (d, status) => {
    expect(datasetStatus(d)).toBe(status);
  });

  it('says of plan tasks «Виконано», «Триває» or «Прострочено»', () => {
    expect(['done', 'done-late', 'overdue', 'due-today', 'in-progress', 'continuous'].map((s) => taskStatus(s as never))).toEqual([
      'done',
      'done',
      'overdue',
      'in-progress',
      'in-progress',
      'in-progress',
    ]);
  });
});

describe('buildPicture', () => {
  it('is as of the check that was recorded, with its open findings: those check --json printed', async () => {
    const { src, findings } = council();
    const p = await buildPicture(src, DateTime.now(), { turns: false });
    expect(p.asOf).toBe(toStoredInstant(AS_OF));
    expect(p.run).not.toBeNull();
    expect(p.findings.map((f) => `${f.rule}:${f.subject.type}:${f.subject.id}`).sort()).toEqual(findings.map(key).sort());
  });

  it('counts as the compliance view does: the council and every steward, worst first', async () => {
    const { src } = council();
    const p = await buildPicture(src, DateTime.now(), { turns: true });
    const v = complianceView(src, AS_OF);
    expect(p.council).toEqual(v.council);
    expect(p.stewards).toEqual(v.stewards);
  });

  it('gives every dataset the state of its steward\'s page, and statuses that add up to the counts', async () => {
    const { src } = council();
    const p = await buildPicture(src, DateTime.now(), { turns: false });
    for (const s of ['transport', 'finance', 'youth-sport']) {
      expect(p.datasetsBySteward.get(s)).toEqual(stewardPage(src, s, AS_OF).datasets);
    }
    const required = countStatuses(p.datasets.filter((d) => d.required));
    expect(required.overdue).toBe(p.council.late);
    expect(required['not-published']).toBe(p.council.neverPublished);
    expect(required.suspended).toBe(p.council.suspended);
    expect(required['on-time'] + required['due-soon'] + required['no-frequency']).toBe(p.council.onTime);
  });

  it('lists a shared plan task\'s finding under each of its stewards, and a finding of nobody under null', async () => {
    const { src, findings } = council();
    const p = await buildPicture(src, DateTime.now(), { turns: false });
    const transport = findings.filter((f) => f.stewards.includes('transport')).map(key).sort();
    expect((p.findingsBySteward.get('transport') ?? []).map((f) => `${f.rule}:${f.subject.type}:${f.subject.id}`).sort()).toEqual(transport);
    expect((p.findingsBySteward.get(null) ?? []).length).toBe(findings.filter((f) => f.stewards.length === 0).length);
  });
});

describe('the open data download', () => {
  it('has one row per register dataset; overdue exactly where check found a late publication, not published where a required one is missing', async () => {
    const { src, findings } = council();
    const p = await buildPicture(src, DateTime.now(), { turns: false });
    const json = JSON.parse(complianceJson(p)) as { as_of: string; fields: { name: string }[]; datasets: Record<string, unknown>[] };
    expect(json.as_of).toBe('2026-11-27T09:00:00.000+02:00');
    expect(json.fields.map((f) => f.name)).toEqual(OPEN_DATA_COLUMNS);
    expect(json.datasets).toHaveLength(p.datasets.length);
    const has = (rule: string, id: string): boolean => findings.some((f) => f.rule === rule && f.subject.id === id);
    for (const row of json.datasets) {
      const id = row.dataset_id as string;
      expect([id, row.status === 'overdue']).toEqual([id, has('stale-publication', id)]);
      expect([id, row.status === 'not-published' && row.required === true && row.steward_id !== null]).toEqual([id, has('missing-dataset', id)]);
      if (row.status === 'overdue') expect(row.days_overdue).toBe(findings.find((f) => f.rule === 'stale-publication' && f.subject.id === id)?.daysOverdue);
      else expect(row.days_overdue).toBeNull();
    }
    // A late dataset's due date is the deadline day check reports: the day before its first overdue instant.
    const late = findings.find((f) => f.rule === 'stale-publication' && f.subject.id === 'transport-e-ticket');
    const row = json.datasets.find((r) => r.dataset_id === 'transport-e-ticket');
    expect(row).toMatchObject({ status: 'overdue', status_label: 'Прострочено', steward_id: 'transport', frequency: 'once a month', last_updated: '2026-09-02', due_date: '2026-10-02' });
    expect(row?.due_date).toBe(fromStoredInstant(late?.dueAt as string).minus({ days: 1 }).toISODate());
  });

  it('writes the CSV through the one writer: BOM, `;`, the header of field names, the same rows as the JSON, in parts that join into it', async () => {
    const { src } = council();
    const p = await buildPicture(src, DateTime.now(), { turns: false });
    const csv = complianceCsv(p);
    expect(csv.startsWith('\ufeffas_of;dataset_id;dataset_title;steward_id;')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(p.datasets.length + 1);
    expect([...complianceCsvParts(p, 7)].join('')).toBe(csv);
    expect(csv).toContain(';transport-e-ticket;');
    expect(csv).toContain(';overdue;Прострочено;56;');
  });
});

describe('Kyiv days of stored instants (fast, for 100,000 rows)', () => {
  const instants = [
    '2026-03-28T21:59:59.999Z', '2026-03-28T22:00:00.000Z', '2026-03-29T00:59:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T21:00:00.000Z',
    '2026-10-24T20:59:59.000Z', '2026-10-24T21:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T22:00:00.000Z',
    '2019-06-30T21:00:00.000Z', '2024-02-28T22:00:00.000Z', '2025-12-31T22:00:00.000Z', '2026-11-23T16:18:43.9Z',
  ];
  it.each(instants)('%s is the Kyiv day luxon gives', (iso) => {
    const luxon = fromStoredInstant(iso);
    expect(isoKyivDay(iso)).toBe(luxon.toISODate());
    expect(shownKyivDay(iso)).toBe(formatDate(luxon));
  });

  it('gives a deadline day as the day before the first overdue instant, also across the DST changes and month ends', () => {
    for (const day of ['2026-03-29', '2026-03-30', '2026-10-25', '2026-10-26', '2024-03-01', '2026-01-01']) {
      const dueAt = toStoredInstant(DateTime.fromISO(day, { zone: 'Europe/Kyiv' }));
      expect(isoDeadlineDay(dueAt)).toBe(DateTime.fromISO(day).minus({ days: 1 }).toISODate());
    }
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });
});
