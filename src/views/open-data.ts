/**
 * The monitoring's own open data: one row per register dataset — its steward, whether it is required, its frequency,
 * last update, due date, status (a stable code and its label) and days overdue — as of the check the picture
 * shows. The web serves it as `/open-data/compliance.csv` and `.json`; `odmon export compliance FILE` writes the
 * very same bytes. No person is named: stewards are units.
 */
import { toCsv } from '../csv/write';
import { fromStoredInstant } from '../time/days';
import { isoDeadlineDay, isoKyivDay } from './kyiv-days';
import type { CompliancePicture, PictureDataset } from './picture';
import { DATASET_STATUS_LABELS, DATASET_STATUS_MEANINGS, DATASET_STATUSES, DUE_SOON_DAYS } from './statuses';

export interface OpenDataField {
  readonly name: string;
  /** Frictionless Table Schema's type names: string, boolean, integer, date, datetime. */
  readonly type: 'string' | 'boolean' | 'integer' | 'date' | 'datetime';
  readonly description: string;
}

export const OPEN_DATA_FIELDS = [
  { name: 'as_of', type: 'datetime', description: 'станом на: момент, на який виконано перевірку (ISO 8601, київський час зі зсувом)' },
  { name: 'dataset_id', type: 'string', description: 'ідентифікатор набору даних у реєстрі міської ради' },
  { name: 'dataset_title', type: 'string', description: 'назва набору даних' },
  { name: 'steward_id', type: 'string', description: 'ідентифікатор розпорядника (підрозділу); порожньо — набір не закріплено за розпорядником' },
  { name: 'steward_name', type: 'string', description: 'назва розпорядника (підрозділу)' },
  { name: 'required', type: 'boolean', description: 'true — обов’язковий до оприлюднення (Постанова КМУ № 835 або рішення ради), false — оприлюднюється з власної ініціативи' },
  { name: 'frequency', type: 'string', description: 'періодичність оновлення, як її записує Портал відкритих даних (once a month, …); порожньо — не вказано або не розпізнано' },
  { name: 'frequency_label', type: 'string', description: 'періодичність оновлення українською (або як її записано в реєстрі, якщо не розпізнано)' },
  { name: 'last_updated', type: 'date', description: 'дата останнього оновлення (РРРР-ММ-ДД, за київським часом); порожньо — не оприлюднювали' },
  { name: 'due_date', type: 'date', description: 'останній день строку наступного оновлення (останнє оновлення + періодичність); порожньо — строку немає або оприлюднення призупинено' },
  { name: 'status', type: 'string', description: `код стану: ${DATASET_STATUSES.join(', ')}` },
  { name: 'status_label', type: 'string', description: `стан словами: ${DATASET_STATUSES.map((s) => DATASET_STATUS_LABELS[s]).join(', ')}` },
  { name: 'days_overdue', type: 'integer', description: 'на скільки календарних днів прострочено оновлення (лише для стану overdue); порожньо — не прострочено' },
  { name: 'portal_id', type: 'string', description: 'ідентифікатор набору на Порталі відкритих даних; порожньо — не пов’язано' },
] as const satisfies readonly OpenDataField[];

export type OpenDataColumn = (typeof OPEN_DATA_FIELDS)[number]['name'];
export const OPEN_DATA_COLUMNS: readonly OpenDataColumn[] = OPEN_DATA_FIELDS.map((f) => f.name);

export type OpenDataRow = { readonly [K in OpenDataColumn]: string | number | boolean | null };

const isoDay = (iso: string | null): string | null => (iso === null ? null : isoKyivDay(iso));

/** One row per dataset, by dataset id. */
export function* openDataRows(p: CompliancePicture): Generator<OpenDataRow> {
  const asOf = fromStoredInstant(p.asOf).toISO() as string;
  for (const d of p.datasets) yield rowOf(p, d, asOf);
}

function rowOf(p: CompliancePicture, d: PictureDataset, asOf: string): OpenDataRow {
  return {
    as_of: asOf,
    dataset_id: d.id,
    dataset_title: d.title,
    steward_id: d.stewardId,
    steward_name: d.stewardId === null ? null : (p.stewardInfo.get(d.stewardId)?.name ?? null),
    required: d.required,
    frequency: d.frequency,
    frequency_label: d.frequencyLabel === '' ? null : d.frequencyLabel,
    last_updated: isoDay(d.lastUpdated),
    due_date: d.status === 'suspended' || d.dueAt === null ? null : isoDeadlineDay(d.dueAt),
    status: d.status,
    status_label: DATASET_STATUS_LABELS[d.status],
    days_overdue: d.status === 'overdue' ? d.daysOverdue : null,
    portal_id: d.portalId,
  };
}

/** `rows` in slices of `size`: a download of 100,000 rows is written a slice at a time, with turns of the event loop between. */
function* slices<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let slice: T[] = [];
  for (const r of rows) {
    slice.push(r);
    if (slice.length === size) {
      yield slice;
      slice = [];
    }
  }
  if (slice.length > 0) yield slice;
}

/**
 * The CSV in parts that join into one document: UTF-8 with a BOM, `;`, CRLF, formula-safe (src/csv/write.ts), a
 * header of the field names.
 */
export function* complianceCsvParts(p: CompliancePicture, size = 250): Generator<string> {
  yield toCsv(OPEN_DATA_COLUMNS, []);
  for (const slice of slices(openDataRows(p), size)) yield toCsv(OPEN_DATA_COLUMNS, slice, { bom: false, header: false });
}

export function complianceCsv(p: CompliancePicture): string {
  return [...complianceCsvParts(p)].join('');
}

/** The JSON in parts: when, what the fields and the status codes mean, and the rows, one per line. */
export function* complianceJsonParts(p: CompliancePicture, size = 250): Generator<string> {
  const head = {
    as_of: fromStoredInstant(p.asOf).toISO(),
    title: 'Стан оприлюднення наборів відкритих даних розпорядниками',
    description:
      'Кожен набір даних реєстру міської ради: розпорядник, обов’язковість, періодичність, останнє оновлення, строк наступного оновлення і стан станом на час останньої перевірки. Персональних даних немає: розпорядники — підрозділи.',
    due_soon_days: DUE_SOON_DAYS,
    fields: OPEN_DATA_FIELDS,
    statuses: DATASET_STATUSES.map((code) => ({ code, label: DATASET_STATUS_LABELS[code], description: DATASET_STATUS_MEANINGS[code] })),
  };
  yield `${JSON.stringify(head, null, 1).replace(/\n}$/, '')},\n "datasets": [`;
  let first = true;
  for (const slice of slices(openDataRows(p), size)) {
    yield `${first ? '\n' : ',\n'}${slice.map((r) => JSON.stringify(r)).join(',\n')}`;
    first = false;
  }
  yield '\n ]\n}\n';
}

export function complianceJson(p: CompliancePicture): string {
  return [...complianceJsonParts(p)].join('');
}
