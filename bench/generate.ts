/**
 * A register the size of the national portal, written straight into the real schema (the one openDb's
 * migrations create, with the seed loaded by seedIfNew), with prepared statements in one transaction.
 * Everything is drawn from a seeded PRNG, so one seed always gives the same register.
 */
import type { DateTime } from 'luxon';
import type { Db } from '../src/store/db';
import { toStoredInstant } from '../src/time/days';
import type { FrequencyCatalogue } from '../src/time/frequency';
import { seededRandom } from './random';

export interface RegisterSpec {
  readonly datasets: number;
  readonly stewards: number;
  readonly seed: number;
  /** The bench's clock: dates are drawn over the five years before it. */
  readonly now: DateTime;
  readonly frequencies: FrequencyCatalogue;
}

export interface GeneratedRegister {
  readonly stewards: number;
  readonly datasets: number;
  readonly publications: number;
  /** Datasets per kind of the mix below. */
  readonly mix: Readonly<Record<Kind, number>>;
}

/** The mix of the national portal: what a dataset's state is, in per cent. */
export const MIX = {
  'on-time': 61,
  late: 20,
  'never-published': 8,
  suspended: 3,
  'no-deadline': 5,
  'blank-frequency': 3,
} as const;
export type Kind = keyof typeof MIX;

/** Periodic frequencies, weighted to monthly / quarterly / yearly, with their length in days for drawing dates. */
const PERIODIC = {
  'once a month': 35,
  'once a quarter': 25,
  'once a year': 22,
  'once a half year': 8,
  'once a week': 6,
  'once a day': 2,
  'more than once a day': 2,
} as const;
const APPROX_DAYS: Readonly<Record<keyof typeof PERIODIC, number>> = {
  'once a month': 30,
  'once a quarter': 91,
  'once a year': 365,
  'once a half year': 182,
  'once a week': 7,
  'once a day': 1,
  'more than once a day': 1,
};
const NO_DEADLINE = { 'immediately after making changes': 60, 'no longer updated': 40 } as const;

const DAY_MS = 86_400_000;
const FIVE_YEARS = 5 * 365;

const TOPICS = ['Бюджет', 'Реєстр договорів', 'Маршрути транспорту', 'Перелік шкіл', 'Дитячі садки', 'Аптеки', 'Вакансії',
  'Земельні ділянки', 'Паспорти об\'єктів', 'Зупинки', 'Ремонти доріг', 'Тарифи', 'Звернення громадян', 'Рішення сесії'];
const PLACES = ['Київської області', 'міста Кропивницький', 'Львівської міської ради', 'громади', 'району', 'Одеської області'];

/** Writes `spec.stewards` stewards and `spec.datasets` datasets (with some publication history) into `db`. */
export function generateRegister(db: Db, spec: RegisterSpec): GeneratedRegister {
  const rnd = seededRandom(spec.seed);
  const nowIso = toStoredInstant(spec.now);
  const nowMs = spec.now.toMillis();
  const mix = Object.fromEntries(Object.keys(MIX).map((k) => [k, 0])) as Record<Kind, number>;
  let publications = 0;

  const addSteward = db.prepare(
    'INSERT INTO stewards(id, name, kind, head_email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const addContact = db.prepare('INSERT INTO steward_contacts(steward_id, position, email) VALUES (?, ?, ?)');
  const addDataset = db.prepare(
    `INSERT INTO datasets(id, title, steward_id, frequency, frequency_raw, required, portal_id, suspended, last_updated,
                          source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?)`,
  );
  const addPublication = db.prepare(
    "INSERT OR IGNORE INTO publications(dataset_id, published_at, source, recorded_at) VALUES (?, ?, 'import', ?)",
  );
  /** An instant `days` (fractional) before now: any time of day, so Kyiv midnights are crossed. */
  const daysAgo = (days: number): string => new Date(nowMs - Math.floor(days * DAY_MS)).toISOString();
  const width = String(spec.datasets).length;

  db.transaction(() => {
    const stewardIds: string[] = [];
    for (let i = 1; i <= spec.stewards; i++) {
      const id = `st-${String(i).padStart(4, '0')}`;
      stewardIds.push(id);
      addSteward.run(id, `Розпорядник ${i} (${PLACES[i % PLACES.length]})`, rnd.chance(0.03) ? 'external' : 'department',
        rnd.chance(0.5) ? `head.${id}@example.gov.ua` : null, nowIso, nowIso);
      if (!rnd.chance(0.05)) addContact.run(id, 0, `${id}@example.gov.ua`);
      if (rnd.chance(0.2)) addContact.run(id, 1, `opendata.${id}@example.gov.ua`);
    }
    for (let i = 1; i <= spec.datasets; i++) {
      const id = `ds-${String(i).padStart(width, '0')}`;
      const kind = rnd.pick(MIX);
      mix[kind]++;
      // A few big publishers hold many datasets, as on the portal.
      const steward = rnd.chance(0.015) ? null : stewardIds[Math.floor(stewardIds.length * rnd.next() ** 2)];
      let frequency: string | null = null;
      let last: string | null = null;
      let suspended: string | null = null;
      if (kind === 'on-time' || kind === 'late' || kind === 'never-published' || kind === 'suspended') {
        const f = rnd.pick(PERIODIC);
        frequency = f;
        const period = APPROX_DAYS[f];
        if (kind === 'on-time') last = daysAgo(rnd.next() * Math.max(period - 1, 0.9));
        if (kind === 'late') last = daysAgo(period + 1.5 + rnd.next() * (FIVE_YEARS - period));
        if (kind === 'suspended') {
          suspended = rnd.chance(0.5) ? 'воєнний стан' : 'містить персональні дані';
          if (rnd.chance(0.7)) last = daysAgo(rnd.next() * FIVE_YEARS);
        }
      } else if (kind === 'no-deadline') {
        frequency = rnd.pick(NO_DEADLINE);
        if (rnd.chance(0.9)) last = daysAgo(rnd.next() * FIVE_YEARS);
      } else if (rnd.chance(0.8)) {
        last = daysAgo(rnd.next() * FIVE_YEARS);
      }
      const raw = frequency === null ? null : rnd.chance(0.25) ? spec.frequencies.labelUk(frequency) : frequency;
      const required = kind === 'never-published' || rnd.chance(0.7);
      // The latest update sometimes lives only in the publication history (the register's date is older or blank).
      let registerDate = last;
      const history: string[] = [];
      if (last !== null && rnd.chance(0.18)) {
        const fromHistory = rnd.chance(0.55);
        const count = rnd.int(1, 3);
        for (let p = 0; p < count; p++) {
          history.push(p === 0 && fromHistory ? last : new Date(Date.parse(last) - rnd.int(1, 400) * DAY_MS - rnd.int(0, DAY_MS)).toISOString());
        }
        if (fromHistory) registerDate = rnd.chance(0.2) ? null : new Date(Date.parse(last) - rnd.int(10, 400) * DAY_MS).toISOString();
      }
      addDataset.run(id, `${TOPICS[i % TOPICS.length]} ${PLACES[(i >> 3) % PLACES.length]} № ${i}`, steward, frequency, raw,
        required ? 1 : 0, last !== null && rnd.chance(0.85) ? `portal-${i}` : null, suspended, registerDate, nowIso, nowIso);
      for (const at of history) publications += addPublication.run(id, at, nowIso).changes;
    }
  })();
  return { stewards: spec.stewards, datasets: spec.datasets, publications, mix };
}
