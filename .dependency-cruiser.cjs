/**
 * odmon's layers, checked on every CI run (`npm run lint:deps`). Arrows point down this list only:
 *
 *   entry points   src/cli, src/web, src/daemon        parse, serve, schedule; format what app and views return
 *   composition    src/app.ts, src/app/                builds the store, the clock and the settings, hands them down
 *   features       check, notify, report, portal, import, export, register, exemptions, seed, config
 *   read models    src/views/                          plain data for the CLI and the pages
 *   model          rules, plan, history, schedule      pure judgement over facts (a rule never reads the database)
 *   store          src/store/                          the only SQLite code
 *   base           domain, errors, clock, time, uk, text, redact, email, csv, charts, paths, log, setting*
 *
 * Each library that talks to the outside has one home (SQLite, SMTP, cron, HTTP server, workbooks, browser).
 */
const BASE = '^src/(domain|errors|clock|uk|text|redact|email|paths|log|setting|setting-kinds)\\.ts$|^src/(time|csv|charts)/';
const STORE = '^src/store/';
const MODEL = '^src/(rules|plan|history|schedule)/';
const VIEWS = '^src/views/';
const FEATURES = '^src/(check|notify|report|portal|import|export|register|exemptions|seed|config)/';
const APP = '^src/app(\\.ts$|/)';
const ENTRY = '^src/(cli|web|daemon)/';

/** A layer may import only from these paths (and npm packages / Node built-ins). */
const only = (name, from, allowed) => ({
  name,
  severity: 'error',
  comment: `${name}: this layer may import only ${allowed}`,
  from: { path: from },
  to: { path: '^src/', pathNot: allowed },
});

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'no module may depend on itself through others', from: {}, to: { circular: true } },
    only('base-imports-only-base', BASE, BASE),
    only('store-imports-only-base', STORE, `${BASE}|${STORE}`),
    only('model-imports-store-and-base', MODEL, `${BASE}|${STORE}|${MODEL}`),
    only('views-import-model-store-and-base', VIEWS, `${BASE}|${STORE}|${MODEL}|${VIEWS}`),
    {
      name: 'features-never-import-upwards',
      severity: 'error',
      comment: 'a feature knows nothing of the composition root or of the entry points',
      from: { path: FEATURES },
      to: { path: `${APP}|${ENTRY}` },
    },
    {
      name: 'app-never-imports-entry-points',
      severity: 'error',
      from: { path: APP },
      to: { path: ENTRY },
    },
    {
      name: 'entry-points-go-through-app',
      severity: 'error',
      comment: 'the CLI, the pages and the daemon read through app and views, never the store directly (the daemon keeps its own job bookkeeping in store/jobs)',
      from: { path: ENTRY },
      to: { path: STORE, pathNot: '^src/store/jobs\\.ts$' },
    },
    {
      name: 'entry-points-never-import-features',
      severity: 'error',
      comment: 'commands, pages and the daemon call app (writes) and views (reads); features are reached through app',
      from: { path: ENTRY },
      to: { path: FEATURES, pathNot: '^src/config/' },
    },
    {
      name: 'entry-points-never-import-each-other',
      severity: 'error',
      comment: 'the CLI starts the daemon or the server; they never import the CLI',
      from: { path: '^src/(web|daemon)/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'config-knows-only-the-channel-registry',
      severity: 'error',
      comment: 'settings gather the channels\' own settings from their one registration (src/notify/channels/index.ts)',
      from: { path: '^src/config/' },
      to: { path: '^src/(notify|report|portal|import|export|register|exemptions|seed)/', pathNot: '^src/notify/channels/' },
    },
    { name: 'only-store-touches-sqlite', severity: 'error', from: { pathNot: STORE }, to: { path: 'node_modules/better-sqlite3' } },
    { name: 'only-the-email-channel-sends-mail', severity: 'error', from: { pathNot: '^src/notify/channels/email/' }, to: { path: 'node_modules/nodemailer' } },
    { name: 'only-schedule-uses-node-cron', severity: 'error', from: { pathNot: '^src/schedule/' }, to: { path: 'node_modules/node-cron' } },
    { name: 'only-web-serves-http', severity: 'error', from: { pathNot: '^src/web/' }, to: { path: 'node_modules/(fastify|@fastify)' } },
    { name: 'workbooks-in-import-and-export', severity: 'error', from: { pathNot: '^src/(import|export)/' }, to: { path: 'node_modules/exceljs' } },
    { name: 'commander-only-in-cli', severity: 'error', from: { pathNot: '^src/cli/' }, to: { path: 'node_modules/commander' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|node_modules)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
