/** `odmon init`, `import`, `export` and `steward merge`: the register. */
import path from 'node:path';
import { importExample, runImport } from '../app';
import { actorFrom } from '../app/decisions';
import { exportCompliance } from '../app/open-data';
import { exportKind, IMPORT_KINDS, mergeStewardInto, type ImportKind, type ImportReport, type MoveCounts } from '../app/register';
import { formatDateTime, fromStoredInstant } from '../time/days';
import { OdmonError } from '../errors';
import type { CliArgs } from './args';
import { withApp, withRecording } from './context';
import { count } from './format';
import { OPT, type CommandSpec } from './spec';

/** The kinds of register file, in the words of the summaries. */
const KIND_WORDS: Readonly<Record<ImportKind, string>> = {
  stewards: 'розпорядники',
  datasets: 'набори даних',
  plan: 'план',
  publications: 'дати оприлюднення',
};

const rows = (n: number): string => count(n, 'рядок', 'рядки', 'рядків');

/** The summary of one import: the file and what was detected in it, the counts, and every seeded unit that took a council's id. */
export function importLines(r: ImportReport): string {
  const extra = r.publications > 0 && r.kind !== 'publications' ? `; до історії додано ${count(r.publications, 'дату оприлюднення', 'дати оприлюднення', 'дат оприлюднення')}` : '';
  const lines = [`${r.file} (${r.detected}): ${KIND_WORDS[r.kind]} — ${rows(r.rows)}: нових — ${r.inserted}, оновлено — ${r.updated}, без змін — ${r.unchanged}${extra}.`];
  for (const x of r.renamed) lines.push(`Підрозділ "${x.from}" тепер має ідентифікатор "${x.to}" (${x.name}): його завдання плану, набори даних і порушення перейшли до нього.`);
  return lines.map((l) => l + '\n').join('');
}

function kindOf(args: CliArgs, verb: 'import' | 'export'): ImportKind {
  const kind = args.command[1];
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new OdmonError('E_USAGE', `невідомий вид файлу "${kind}" (відомі: ${IMPORT_KINDS.join(', ')})`, {
      hint: verb === 'import' ? 'спершу імпортуйте розпорядників, потім набори даних, дати оприлюднення і план, які їх називають' : 'наприклад: odmon export datasets register.xlsx',
    });
  }
  return kind as ImportKind;
}

function movedText(m: MoveCounts): string {
  return [
    count(m.datasets, 'набір даних', 'набори даних', 'наборів даних'),
    count(m.tasks, 'завдання плану', 'завдання плану', 'завдань плану'),
    count(m.findings, 'порушення', 'порушення', 'порушень'),
    count(m.notices, 'запис про повідомлення', 'записи про повідомлення', 'записів про повідомлення'),
    count(m.snoozes, 'відстрочку', 'відстрочки', 'відстрочок'),
    count(m.acknowledgements, 'підтвердження', 'підтвердження', 'підтверджень'),
    count(m.snapshots, 'квартальний знімок', 'квартальні знімки', 'квартальних знімків'),
    count(m.messages, 'лист', 'листи', 'листів'),
  ].join(', ');
}

export const REGISTER_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'init',
    summary: 'створити або оновити базу даних і завантажити початкові дані',
    details: [
      'У нову базу завантажуються план дій і перелік наборів Постанови 835.',
      'Повторний запуск нічого не змінює: початкові дані завантажуються лише в нову базу, ваші зміни не перезаписуються.',
      'Будь-яка команда сама створює базу, якщо її ще немає.',
    ],
    options: [{ flags: '--example', description: 'також імпортувати вигаданий реєстр із data/example/' }, OPT.now],
    examples: ['init', 'init --example'],
    group: 'register',
    run: (args, io, now) =>
      withRecording(args, io, now, (app) => {
        io.out(`База даних: ${app.config.db}${app.created ? ' (створено)' : ''}.\n`);
        if (app.seed.seeded) {
          io.out(
            `Завантажено початкові дані: ${count(app.seed.stewards, 'підрозділ плану', 'підрозділи плану', 'підрозділів плану')}, ` +
              `${count(app.seed.tasks, 'завдання плану', 'завдання плану', 'завдань плану')}, ` +
              `${count(app.seed.datasets, 'набір даних', 'набори даних', 'наборів даних')}, обов’язкових за Постановою 835.\n`,
          );
        } else io.out('Початкові дані вже завантажено раніше: нічого не змінено.\n');
        if (args.example) for (const r of importExample(app, now)) io.out(importLines(r));
        return 0;
      }),
  },
  {
    name: 'import',
    args: '<KIND> <FILE>',
    summary: 'імпортувати реєстр з .xlsx, .csv чи .json',
    details: [
      'KIND: stewards (розпорядники), datasets (набори даних), plan (план), publications (дати оприлюднення).',
      'Файл імпортується однією транзакцією: якщо хоч один рядок хибний, не записується нічого, а кожну проблему названо',
      'з рядком (у книзі Excel — з клітинкою) і стовпцем. Роздільник і кодування CSV визначаються самі (також ";" і Windows-1251).',
    ],
    options: [
      { flags: '--sheet <NAME>', description: 'аркуш книги Excel (типово перший)' },
      { ...OPT.by, description: 'хто імпортує (для журналу, коли підрозділ отримує ідентифікатор ради)' },
      OPT.now,
    ],
    examples: ['import stewards stewards.csv', 'import datasets register.xlsx --sheet "Набори даних"'],
    group: 'register',
    run: (args, io, now) => {
      const kind = kindOf(args, 'import');
      const file = args.command[2];
      return withRecording(args, io, now, async (app) => {
        // Read from the command's folder, named in messages as typed.
        const report = await runImport(app, kind, path.resolve(io.cwd, file), now, { sheet: args.sheet, actor: actorFrom(args.by, io.env), shownAs: file });
        io.out(importLines(report));
        return 0;
      });
    },
  },
  {
    name: 'export',
    args: '<KIND> <FILE>',
    summary: 'записати реєстр у .xlsx (для заповнення), .csv чи .json; або стан наборів як відкриті дані',
    details: [
      'KIND: stewards (розпорядники), datasets (набори даних), plan (план), publications (дати оприлюднення).',
      'Формат — за розширенням FILE. Записаний файл імпортується назад без змін.',
      'KIND compliance: відкриті дані моніторингу (.csv чи .json) — стан кожного набору станом на останню перевірку,',
      'ті самі, що на сторінці /open-data/ веб-панелі.',
    ],
    options: [],
    examples: ['export datasets register.xlsx', 'export stewards stewards.csv', 'export compliance compliance.csv'],
    group: 'register',
    run: (args, io, now) => {
      const file = args.command[2];
      if (args.command[1] === 'compliance') {
        return withApp(args, io, now, async (app) => {
          const r = await exportCompliance(app, path.resolve(io.cwd, file), file);
          const when = formatDateTime(fromStoredInstant(r.asOf));
          io.out(`${file}: записано ${rows(r.rows)} (стан наборів даних ${r.checked ? `станом на ${when}, час останньої перевірки` : `на ${when}; перевірки ще не було`}, ${r.format}).\n`);
          return 0;
        });
      }
      const kind = kindOf(args, 'export');
      return withApp(args, io, now, async (app) => {
        const r = await exportKind(app, kind, path.resolve(io.cwd, file), file);
        io.out(`${file}: записано ${rows(r.rows)} (${KIND_WORDS[r.kind]}, ${r.format}). Заповніть файл і імпортуйте його назад: odmon import ${r.kind} ${file}\n`);
        return 0;
      });
    },
  },
  {
    name: 'steward merge',
    args: '<OLD> <NEW>',
    summary: 'влити підрозділ OLD у NEW (усе його переходить до NEW)',
    details: [
      'Набори даних, завдання плану, порушення, повідомлення й історія OLD переходять до NEW, а OLD вилучається.',
      'Квартальні знімки обох за той самий квартал додаються в один. Записується в журнал.',
      'Якщо в NEW немає якоїсь адреси електронної пошти OLD чи його керівника (когось перестали б повідомляти), об’єднання відхиляється.',
    ],
    options: [OPT.dryRun, OPT.reason, OPT.by],
    examples: ['steward merge it itd --dry-run', 'steward merge it itd --reason "перейменування відділу"'],
    group: 'register',
    run: (args, io, now) => {
      const [, , from, to] = args.command;
      return withApp(args, io, now, (app) => {
        const r = mergeStewardInto(app, { from, to, actor: actorFrom(args.by, io.env), reason: args.reason?.trim() || null, dryRun: args.dryRun ?? false });
        const what = `"${r.from}" (${r.fromName}) у "${r.to}" (${r.toName})`;
        if (args.dryRun) io.out(`Пробне об’єднання (нічого не змінено): під час об’єднання ${what} перейшли б ${movedText(r.moved)}.\n`);
        else io.out(`Об’єднано ${what}: перейшли ${movedText(r.moved)}. Підрозділ "${r.from}" вилучено; записано в журнал.\n`);
        return 0;
      });
    },
  },
];
