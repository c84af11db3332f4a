/** Importing datasets and their publication history. */
import { addPublication, importDataset, type DatasetImport } from '../store/datasets';
import { listStewards } from '../store/stewards';
import { toStoredInstant } from '../time/days';
import * as f from './fields';
import { collectGarbage, RELIEF } from './memory';
import type { Planner } from './planner';

/**
 * Datasets. A column the file does not have leaves that field of an existing entry as it is; an empty cell in a
 * column the file has clears it (see DatasetImport for the two exceptions). The steward may be named by its id
 * or its name.
 */
export const planDatasets: Planner = (db, _columns, p, ctx) => {
  const stewards = new f.StewardFinder(listStewards(db));
  const seen = new Map<string, number>();
  const items: DatasetImport[] = [];
  return {
    row(row) {
      const id = f.id(row, 'id', p);
      f.trackDuplicate(seen, id, row, 'id', p);
      const title = f.requiredText(row, 'title', p);
      let stewardId: string | null | undefined;
      if (f.has(row, 'steward_id')) {
        const text = f.optionalText(row, 'steward_id');
        stewardId = text === null ? null : stewards.find(text);
        if (text !== null && stewardId === null) {
          p.add(row, 'steward_id', `розпорядника "${text}" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`);
        }
      }
      let frequency: DatasetImport['frequency'];
      if (f.has(row, 'frequency')) {
        const raw = f.optionalText(row, 'frequency');
        const freq = ctx.frequencies.match(raw);
        if (freq.kind === 'unknown') {
          p.add(row, 'frequency', `"${raw}" — невідома періодичність оновлення (відомі: ${ctx.frequencies.values().map((v) => `«${ctx.frequencies.labelUk(v)}»`).join(', ')} або значення порталу data.gov.ua; якщо періодичність не задекларовано, залиште клітинку порожньою)`);
        }
        frequency = { value: freq.kind === 'known' ? freq.value : null, raw };
      }
      const last = f.has(row, 'last_updated') ? f.pastInstant(row, 'last_updated', ctx.realNow, p) : undefined;
      const required = f.has(row, 'required') ? f.yesNo(row, 'required', true, p) : undefined;
      if (id === null || title === null) return;
      items.push({
        id,
        title,
        stewardId: stewardId ?? (f.has(row, 'steward_id') ? null : undefined),
        frequency,
        required,
        portalId: f.has(row, 'portal_id') ? f.optionalText(row, 'portal_id') : undefined,
        suspended: f.has(row, 'suspended') ? f.optionalText(row, 'suspended') : undefined,
        lastUpdated: last === undefined ? undefined : last === null ? null : toStoredInstant(last),
        source: 'import',
      });
    },
    finish() {
      return (db2, w) => {
        const tally = { inserted: 0, updated: 0, unchanged: 0 };
        let publications = 0;
        items.forEach((d, i) => {
          tally[importDataset(db2, d, w.realNowIso)]++;
          if (d.lastUpdated && addPublication(db2, d.id, d.lastUpdated, 'register', w.realNowIso)) publications++;
          if ((i + 1) % RELIEF === 0) collectGarbage();
        });
        return { ...tally, publications };
      };
    },
  };
};

export const planPublications: Planner = (db, _columns, p, ctx) => {
  const known = new Set(db.prepare('SELECT id FROM datasets').pluck().all() as string[]);
  const items: { id: string; at: string }[] = [];
  return {
    row(row) {
      const id = f.requiredText(row, 'dataset_id', p);
      if (id !== null && !known.has(id)) p.add(row, 'dataset_id', `набору даних "${id}" немає в реєстрі (спершу імпортуйте його командою "odmon import datasets")`);
      const at = f.pastInstant(row, 'published_at', ctx.realNow, p);
      if (at === null && f.cell(row, 'published_at') === '') p.add(row, 'published_at', 'не заповнено');
      if (id !== null && at !== null) items.push({ id, at: toStoredInstant(at) });
    },
    finish() {
      return (db2, w) => {
        let publications = 0;
        for (const it of items) if (addPublication(db2, it.id, it.at, 'import', w.realNowIso)) publications++;
        return { inserted: publications, updated: 0, unchanged: items.length - publications, publications };
      };
    },
  };
};

