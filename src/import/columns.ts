/**
 * The columns of each import kind and every header name a file may give them. Councils keep their registers
 * with Ukrainian headers close to the dataset passport of Resolution 835, so each column has its English key
 * (the JSON key, and odmon's own CSV header before 2026) and Ukrainian names. Matching ignores case, the spaces
 * around and inside a name and the apostrophe variants (' ’ ʼ), so `Обов’язковий` and `обов'язковий` are one name.
 *
 * The first Ukrainian name of a column is the header odmon writes in workbooks and CSV exports; docs/register.md lists
 * every name (keep its table in step with this one).
 */
import { closest, TEXT_LIMITS } from '../text';
import type { ImportKind } from './kinds';

export interface ColumnSpec {
  /** The canonical key: what the planners read, and the JSON key. */
  readonly key: string;
  readonly required: boolean;
  /** Ukrainian names, the one odmon writes first. */
  readonly uk: readonly string[];
  /** Other accepted names (English variants). */
  readonly also?: readonly string[];
  /** Ids and codes are short; free text may be long. */
  readonly kind: 'id' | 'text' | 'short';
}

const col = (key: string, required: boolean, kind: ColumnSpec['kind'], uk: string[], also: string[] = []): ColumnSpec => ({ key, required, kind, uk, also });

export const COLUMNS: Readonly<Record<ImportKind, readonly ColumnSpec[]>> = {
  stewards: [
    col('id', true, 'id', ['Ідентифікатор', 'Ідентифікатор розпорядника', 'Код підрозділу']),
    col('name', true, 'short', ['Назва', 'Назва розпорядника', 'Найменування', 'Назва підрозділу']),
    col('email', true, 'short', ['Електронна пошта', 'Адреса електронної пошти', 'Адреса електронної пошти відповідальної особи', 'E-mail відповідальної особи'], ['e-mail', 'emails']),
    col('head_email', false, 'short', ['Електронна пошта керівника', 'Адреса електронної пошти керівника', 'E-mail керівника']),
    col('kind', false, 'short', ['Вид', 'Тип підрозділу']),
  ],
  datasets: [
    col('id', true, 'id', ['Ідентифікатор набору даних', 'Ідентифікаційний номер набору даних', 'Ідентифікатор']),
    col('title', true, 'text', ['Назва набору даних', 'Назва']),
    col('steward_id', false, 'short', ['Розпорядник', 'Розпорядник інформації', 'Розпорядник набору даних'], ['steward']),
    col('frequency', false, 'short', ['Періодичність оновлення', 'Частота оновлення', 'Частота оновлення набору даних'], ['update_frequency']),
    col('last_updated', false, 'short', ['Дата останнього оновлення', 'Дата і час внесення останніх змін', 'Дата внесення останніх змін', 'Востаннє оновлено']),
    col('required', false, 'short', ["Обов'язковий", "Обов'язковий набір", "Обов'язковий (Постанова 835)"]),
    col('portal_id', false, 'id', ['Ідентифікатор на порталі', 'Ідентифікатор набору на порталі']),
    col('suspended', false, 'text', ['Підстава призупинення', 'Призупинено']),
  ],
  plan: [
    col('id', true, 'id', ['Номер завдання', '№ завдання', '№']),
    col('goal', true, 'text', ['Мета', 'Ціль']),
    col('task', true, 'text', ['Завдання', 'Назва завдання']),
    col('deadline', true, 'short', ['Строк виконання', 'Термін виконання', 'Строк']),
    col('responsible', true, 'text', ['Відповідальні', 'Відповідальні виконавці', 'Відповідальні за виконання']),
    col('done_at', false, 'short', ['Дата виконання', 'Виконано']),
    col('plan', false, 'id', ['План', 'Ідентифікатор плану']),
    col('period', false, 'short', ['Період плану', 'Період']),
  ],
  publications: [
    col('dataset_id', true, 'id', ['Ідентифікатор набору даних', 'Набір даних']),
    col('published_at', true, 'short', ['Дата оприлюднення', 'Дата оновлення']),
  ],
};

/** The key every header name is compared on: no case, single inner spaces, one apostrophe. */
export function normaliseName(name: string): string {
  return name
    .replace(/[\u2019\u02BC\u2018\u0060\u00B4]/g, "'")
    .replace(/[\s\u00A0]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Header name (normalised) → column key, for one kind. */
function namesOf(kind: ImportKind): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of COLUMNS[kind]) for (const n of [c.key, ...c.uk, ...(c.also ?? [])]) m.set(normaliseName(n), c.key);
  return m;
}

const NAMES: Readonly<Record<ImportKind, Map<string, string>>> = {
  stewards: namesOf('stewards'),
  datasets: namesOf('datasets'),
  plan: namesOf('plan'),
  publications: namesOf('publications'),
};

/** The column key a header names, or null when it names none of this kind's columns. */
export function columnKey(kind: ImportKind, header: string): string | null {
  return NAMES[kind].get(normaliseName(header)) ?? null;
}

export function specOf(kind: ImportKind, key: string): ColumnSpec | undefined {
  return COLUMNS[kind].find((c) => c.key === key);
}

/** The Ukrainian header odmon writes for a column. */
export function ukHeader(kind: ImportKind, key: string): string {
  const spec = specOf(kind, key);
  if (!spec) throw new Error(`no column "${key}" for ${kind}`);
  return spec.uk[0];
}

/** The limit of one cell: ids and short values, and free text (titles, tasks, reasons). */
export const MAX_ID_LENGTH = TEXT_LIMITS.name;
export const MAX_SHORT_LENGTH = TEXT_LIMITS.line;
export const MAX_TEXT_LENGTH = TEXT_LIMITS.line;

export function maxLength(spec: ColumnSpec | undefined): number {
  if (spec === undefined) return MAX_SHORT_LENGTH;
  return spec.kind === 'id' ? MAX_ID_LENGTH : spec.kind === 'text' ? MAX_TEXT_LENGTH : MAX_SHORT_LENGTH;
}

/** True when a file's headers are Ukrainian (any holds a Cyrillic letter): its messages then name columns in Ukrainian. */
export function ukrainianHeaders(names: readonly string[]): boolean {
  return names.some((n) => /\p{Script=Cyrillic}/u.test(n));
}

/** How a message names a column the file does not have: its Ukrainian header in a Ukrainian file, else its key. */
export function columnLabel(kind: ImportKind, key: string, ukrainian: boolean): string {
  const spec = specOf(kind, key);
  return ukrainian && spec !== undefined ? spec.uk[0] : key;
}

/** Every name a file may give this kind's columns, as written in the table above; a Ukrainian file's first. */
function acceptedNames(kind: ImportKind, ukrainian: boolean): { name: string; key: string }[] {
  return COLUMNS[kind].flatMap((c) => {
    const names = ukrainian ? [...c.uk, c.key, ...(c.also ?? [])] : [c.key, ...(c.also ?? []), ...c.uk];
    return names.map((name) => ({ name, key: c.key }));
  });
}

/**
 * The accepted name a header most likely meant: the closest by edits (`Назва набру даних` → `Назва набору даних`),
 * else one that starts with the header or that the header starts with (`Періодичність` → `Періодичність
 * оновлення`) when all such names are of one column; null when none is near.
 */
export function nearestName(kind: ImportKind, header: string, ukrainian: boolean): string | null {
  const n = normaliseName(header);
  if (n === '') return null;
  const names = acceptedNames(kind, ukrainian);
  const normal = new Map<string, string>();
  for (const { name } of names) if (!normal.has(normaliseName(name))) normal.set(normaliseName(name), name);
  const near = closest(n, [...normal.keys()]);
  if (near !== null) return normal.get(near) ?? null;
  const byWords = names.filter(({ name }) => {
    const a = normaliseName(name);
    return a.startsWith(`${n} `) || n.startsWith(`${a} `);
  });
  return byWords.length > 0 && byWords.every((m) => m.key === byWords[0].key) ? byWords[0].name : null;
}

/**
 * A header that names no column: the name it most likely meant, and the columns known — in a Ukrainian file by
 * their Ukrainian headers with the key beside each, in an English one by their keys.
 */
export function unknownColumnProblem(kind: ImportKind, header: string, ukrainian: boolean): string {
  const near = nearestName(kind, header, ukrainian);
  const guess = near === null ? '' : `; можливо, ви мали на увазі «${near}»?`;
  const known = ukrainian
    ? `${COLUMNS[kind].map((c) => `«${c.uk[0]}» (${c.key})`).join(', ')}; інші прийняті назви — у docs/register.md`
    : `${COLUMNS[kind].map((c) => c.key).join(', ')} або їхні українські назви з docs/register.md`;
  return `невідомий стовпець "${header}"${guess} (відомі: ${known})`;
}
