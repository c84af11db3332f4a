/**
 * docs/settings.md, generated from the declarations (settings.ts and the channels' settings), so that the
 * table people read is the list odmon checks against. `npm run docs:settings` writes it; a test fails while
 * the file differs from what the declarations give.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths';
import { sections, type Tree } from '../setting';
import { MAXIMUM } from '../setting-kinds';
import { DECLARED } from './config';
import { ENVIRONMENT_ONLY, SETTINGS } from './settings';

export const SETTINGS_DOC = path.join(PACKAGE_ROOT, 'docs', 'settings.md');

const code = (v: string): string => `\`${v}\``;
const cell = (v: string): string => v.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultText(value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? '`[]`' : code(JSON.stringify(value));
  if (typeof value === 'object') return code(JSON.stringify(value));
  return code(String(value));
}

/**
 * How variables are named, from the declarations: every section's prefix (a new channel's section appears here
 * by itself), a section without one, and the settings that keep an older name or have no variable.
 */
function namingText(): string[] {
  const direct = (sectionKey: string | null) =>
    DECLARED.find((d) => d.envName === d.derivedEnv && (sectionKey === null ? d.path.length === 1 : d.path.slice(0, -1).join('.') === sectionKey));
  const row = (what: string, env: string, example: ReturnType<typeof direct>): string =>
    `| ${what} | ${env === '' ? 'none' : code(`ODMON_${env}`)} | ${example ? `${code(example.key)} → ${code(example.derivedEnv)}` : ''} |`;
  const renamed = DECLARED.filter((d) => d.envName !== null && d.envName !== d.derivedEnv).map((d) => `${code(d.key)} → ${code(d.envName as string)}`);
  const fileOnly = DECLARED.filter((d) => d.envName === null).map((d) => code(d.key));
  const out = [
    "A variable is named after its key: `ODMON_`, the prefix of the setting's section, and the key's last part in upper",
    'case with `_` between words. The sections (a new channel\'s section is listed here by itself):',
    '',
    '| section | prefix | e.g. |',
    '|---|---|---|',
    row('(top level)', '', direct(null)),
    // A section that only holds sections (`report`) names no variable itself.
    ...sections(SETTINGS as unknown as Tree).flatMap((x) => (DECLARED.some((d) => d.path.slice(0, -1).join('.') === x.key) ? [row(code(x.key), x.env, direct(x.key))] : [])),
    '',
  ];
  const last: string[] = [];
  if (renamed.length > 0) last.push(`These keep the names of the first versions: ${renamed.join(', ')}.`);
  if (fileOnly.length > 0) last.push(`Only the config file sets ${fileOnly.join(', ')}.`);
  return last.length > 0 ? [...out, last.join(' ')] : out;
}

export function settingsDoc(): string {
  const rows = DECLARED.map((s) => {
    const meaning = `${s.doc}${s.kind.secret ? '; a secret: never shown' : ''} (${s.kind.type})`;
    return `| ${code(s.key)} | ${s.envName === null ? '' : code(s.envName)} | ${s.flag ? code(s.flag) : ''} | ${s.defaultText ?? defaultText(s.default)} | ${cell(meaning)} |`;
  });
  const variables = ENVIRONMENT_ONLY.map((v) => `| | ${code(v.env)} | ${v.flag ? code(v.flag) : ""} | ${v.default} | ${v.doc} |`);
  return [
    '# Settings',
    '',
    '<!-- Generated from src/config/settings.ts and src/notify/channels/*/settings.ts by `npm run docs:settings`; edit those, not this file. -->',
    '',
    'Settings come from, in increasing priority: the defaults, the config file, the environment, command-line flags.',
    'The config file is `--config FILE`, else `ODMON_CONFIG`, else `odmon.config.json` in the current folder or in',
    "odmon's folder. Every problem is reported at once (`E_CONFIG`, exit 78), naming the file's key or the variable;",
    'unknown keys and unknown `ODMON_` variables are errors, so typos do not pass silently. Relative paths are taken',
    "from the config file's folder when the file gives them, else from the current folder.",
    '',
    ...namingText(),
    '',
    'An empty variable means none for what may be none (an address, a token, a list: `ODMON_SMTP_URL=`, `ODMON_IT_HEAD=`)',
    'and counts as not set for a path or the Bot API address; any other empty value is refused.',
    '',
    '| setting (file) | environment | flag | default | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    ...variables,
    '',
    `Numbers are whole and decimal (\`ODMON_GRACE_DAYS=0x10\` or \`1e3\` is refused, not read as 16 or 1000); day settings go up`,
    `to ${MAXIMUM.days}, millisecond settings up to ${MAXIMUM.milliseconds}. Secrets (the SMTP and portal passwords, the Telegram`,
    'token) are never printed, logged or stored in an error: see docs/operations.md#secrets.',
    '',
    'Example `odmon.config.json`:',
    '',
    '```json',
    '{ "graceDays": 3, "dueSoonDays": 14, "frequencies": { "once a month": "P31D", "once a quarter": "P92D" },',
    '  "telegram": { "chatId": "-1001234567890" } }',
    '```',
    '',
    'with `ODMON_TELEGRAM_BOT_TOKEN` in the environment file, so that the token stays out of the config file.',
    '',
    'Default periods (`data/seed/update-frequencies.csv`): `more than once a day` and `once a day` P1D, `once a week`',
    'P1W, `once a month` P1M, `once a quarter` P3M, `once a half year` P6M, `once a year` P1Y.',
    '',
  ].join('\n');
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(SETTINGS_DOC), { recursive: true });
  fs.writeFileSync(SETTINGS_DOC, settingsDoc());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SETTINGS_DOC)}\n`);
}
