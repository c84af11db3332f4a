/**
 * `/rubric`: the published rubric (dashboard.md, item 4) — what the score counts, in words, and what every status
 * means; `/open-data/`: the monitoring's own open data, with a description of its fields.
 */
import { DATASET_STATUS_LABELS, DATASET_STATUS_MEANINGS, DATASET_STATUSES, DUE_SOON_DAYS, TASK_STATUS_MEANINGS, TASK_STATUSES } from '../../views/statuses';
import { OPEN_DATA_FIELDS } from '../../views/open-data';
import { num } from '../format';
import { html, type Html } from '../html';
import { page } from '../layout';
import { datasetTag, table, taskTag } from '../parts';
import { shellOf, type PageContext } from './context';

export function rubricPage(ctx: PageContext): Html {
  const statusHead = html`<tr><th scope="col">Стан</th><th scope="col">Код у відкритих даних</th><th scope="col">Що означає</th><th scope="col">В оцінці</th></tr>`;
  const inScore: Readonly<Record<string, string>> = {
    overdue: 'не вчасно',
    'not-published': 'не вчасно',
    'due-soon': 'вчасно',
    'no-frequency': 'вчасно (оприлюднено; строк невідомий — це окреме порушення)',
    'on-time': 'вчасно',
    suspended: 'не враховується',
  };
  const statusBody = DATASET_STATUSES.map(
    (s) => html`<tr><th scope="row">${datasetTag(s)}</th><td><code>${s}</code></td><td>${DATASET_STATUS_MEANINGS[s]}</td><td>${inScore[s]}</td></tr>`,
  );
  const taskHead = html`<tr><th scope="col">Стан</th><th scope="col">Код</th><th scope="col">Що означає</th></tr>`;
  const taskBody = TASK_STATUSES.map((s) => html`<tr><th scope="row">${taskTag(s)}</th><td><code>${s}</code></td><td>${TASK_STATUS_MEANINGS[s]}</td></tr>`);
  const content = html`<h1>Як рахується оцінка</h1>
<p class="lead">Оцінка — частка обов’язкових наборів даних, які оприлюднено й оновлено вчасно:</p>
<p class="notice"><strong>оцінка = вчасно ÷ (обов’язкових − призупинених)</strong></p>
<ul>
<li><strong>Обов’язкові</strong> — набори, які реєстр позначає обов’язковими: перелік Постанови КМУ № 835 та ті, що їх рада визначила сама. Набори, які розпорядник оприлюднює з власної ініціативи, перевіряються, але в оцінку не входять.</li>
<li><strong>Вчасно</strong> — набір оприлюднено, і строк наступного оновлення ще не минув. Строк — дата останнього оновлення плюс заявлена періодичність (місяць — календарний місяць); останній день строку ще вважається вчасним, прострочення починається наступного дня за київським часом. Набори, що оновлюються «відразу після внесення змін» або «більше не оновлюються», строку не мають і вважаються вчасними.</li>
<li><strong>Прострочено</strong> — оприлюднено, але строк минув; <strong>не оприлюднено</strong> — жодного разу не оприлюднювали. Обидва — не вчасно.</li>
<li><strong>Призупинені</strong> (воєнний стан тощо: підстава і дата перегляду записані) не рахуються ні «за», ні «проти».</li>
<li>Якщо оцінювати нічого (немає обов’язкових наборів, крім призупинених), оцінку не виставляють: «—».</li>
</ul>
<p>Так само оцінку рахують щотижневий огляд для керівника ІТ, квартальна історія та річний звіт. Оцінку за квартал записують після його завершення (станом на кінець останнього дня); поточний квартал не остаточний — його оцінка змінюється до кінця кварталу. Зміна — у відсоткових пунктах (п. п.) від кінця попереднього кварталу; падіння на 10 п. п. і більше позначено ▼.</p>
<p>Сторінки показують стан на час останньої перевірки (вказано вгорі кожної сторінки: «Станом на»). Перевірку виконує монітор за розкладом; зміни в реєстрі після неї з’являться після наступної перевірки.</p>
<h2 id="statuses">Стани наборів даних</h2>
<p>Стан завжди подано словом, кольором і значком. «Наближається термін» — якщо до останнього дня строку ${num(DUE_SOON_DAYS)} днів чи менше.</p>
${table('dataset-statuses', 'Стани наборів даних', statusHead, statusBody)}
<h2 id="tasks">Стани завдань плану</h2>
${table('task-statuses', 'Стани завдань плану дій', taskHead, taskBody)}
<h2 id="findings">Порушення</h2>
<p>Порушення — невідповідність, яку виявило правило монітора: прострочене оновлення, неоприлюднений обов’язковий набір, набір без розпорядника, невказана періодичність, прострочене завдання плану, розбіжності з Порталом відкритих даних тощо. Порушення завдання плану кількох розпорядників зараховується кожному з них. Важливість: високий, середній, низький, до відома (нагадування про строк, що наближається).</p>
<h2 id="privacy">Що не публікується</h2>
<p>Публічні сторінки й відкриті дані називають розпорядників підрозділами. Імен, посад, адрес електронної пошти й телефонів відповідальних осіб, а також коментарів і того, хто ухвалював рішення, тут немає.</p>`;
  return page(shellOf(ctx, 'Як рахується оцінка', 'rubric'), content);
}

export function openDataPage(ctx: PageContext): Html {
  const l = ctx.links;
  const head = html`<tr><th scope="col">Поле</th><th scope="col">Тип</th><th scope="col">Опис</th></tr>`;
  const body = OPEN_DATA_FIELDS.map((f) => html`<tr><th scope="row"><code>${f.name}</code></th><td>${f.type}</td><td>${f.description}</td></tr>`);
  const codeHead = html`<tr><th scope="col">Код</th><th scope="col">Стан</th></tr>`;
  const codeBody = DATASET_STATUSES.map((s) => html`<tr><th scope="row"><code>${s}</code></th><td>${DATASET_STATUS_LABELS[s]}</td></tr>`);
  const content = html`<h1>Відкриті дані моніторингу</h1>
<p class="lead">Стан кожного набору даних реєстру — у машиночитному вигляді, станом на час останньої перевірки (${num(ctx.picture.datasets.length)} наборів).</p>
<ul>
<li><a href="${l.root}open-data/compliance.csv">compliance.csv</a> — CSV: UTF-8 з BOM, роздільник «;» (відкривається в Excel подвійним клацанням), перший рядок — назви полів.</li>
<li><a href="${l.root}open-data/compliance.json">compliance.json</a> — JSON: <code>as_of</code>, опис полів (<code>fields</code>), коди станів (<code>statuses</code>) і набори (<code>datasets</code>).</li>
</ul>
<p>Дати — у форматі ISO 8601 (РРРР-ММ-ДД) за київським часом. Один рядок — один набір даних. Той самий файл записує команда <code>odmon export compliance compliance.csv</code>.</p>
${table('fields', 'Поля', head, body)}
${table('codes', 'Коди станів', codeHead, codeBody)}
<p><a href="${l.root}rubric#statuses">Що означає кожен стан і як рахується оцінка</a></p>`;
  return page(shellOf(ctx, 'Відкриті дані моніторингу', 'open-data'), content);
}
