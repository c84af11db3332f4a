import type { SubjectType } from '../domain';

/**
 * The facts a rule may test, per subject type. Facts are plain numbers, booleans and strings (never dates:
 * json-rules-engine compares numbers, so time arrives as whole Kyiv days). Every fact is always defined
 * (null when it has no value), because an undefined fact makes json-rules-engine reject the whole run.
 * Adding a fact here and where the subjects are built (subjects.ts) is the only code change a new kind of rule may
 * need: validation, docs/rules.md (`npm run docs:rules`) and the tests' lists are made of this catalogue, and a test
 * holds the subjects' facts to it.
 */
export type FactType = 'number' | 'boolean' | 'string';

export interface FactSpec {
  readonly type: FactType;
  readonly nullable: boolean;
  readonly doc: string;
}

export const FACTS: Readonly<Record<SubjectType, Readonly<Record<string, FactSpec>>>> = {
  dataset: {
    required: { type: 'boolean', nullable: false, doc: 'the law (Resolution 835) or the register requires it' },
    hasSteward: { type: 'boolean', nullable: false, doc: 'a steward is assigned' },
    stewardId: { type: 'string', nullable: true, doc: 'the steward id, or null' },
    published: { type: 'boolean', nullable: false, doc: 'it has been published at least once' },
    suspended: { type: 'boolean', nullable: false, doc: 'withheld on purpose (e.g. under martial law)' },
    frequency: { type: 'string', nullable: true, doc: 'normalised portal value (`once a month`), null if blank or unknown' },
    frequencyStatus: { type: 'string', nullable: false, doc: '`known`, `blank` or `unknown`' },
    periodic: { type: 'boolean', nullable: false, doc: 'the frequency sets a periodic deadline' },
    periodDays: { type: 'number', nullable: true, doc: 'length of the declared period in days, measured from the last update' },
    daysSinceUpdate: { type: 'number', nullable: true, doc: 'Kyiv calendar days since the last update; null if never published' },
    daysOverdue: {
      type: 'number',
      nullable: true,
      doc: 'days past last update + period + graceDays (1 = the day after the deadline day); null without a periodic deadline',
    },
    hasPortalId: { type: 'boolean', nullable: false, doc: 'linked to a portal dataset' },
    portalLinked: { type: 'boolean', nullable: false, doc: 'has a portal id and odmon sync has seen that portal dataset at least once' },
    portalGone: { type: 'boolean', nullable: false, doc: 'the linked portal dataset is no longer on the portal (a complete listing lacked it, or the portal said not found)' },
    portalResourceCount: { type: 'number', nullable: true, doc: 'resources of the linked portal dataset; null when not linked' },
    portalOnlyDocumentFormats: { type: 'boolean', nullable: false, doc: 'every resource is PDF/DOC/DOCX/ODT/RTF/JPEG/PNG/TIFF/scan (false without resources)' },
    portalFrequency: { type: 'string', nullable: true, doc: "the portal's declared frequency, normalised (`once a month`); null when not linked, blank or unknown" },
    portalFrequencyDiffers: { type: 'boolean', nullable: false, doc: "the register's and the portal's frequencies are both known and differ" },
    portalHasContact: { type: 'boolean', nullable: true, doc: 'the passport names a maintainer and an e-mail; null when not linked' },
  },
  task: {
    done: { type: 'boolean', nullable: false, doc: 'marked done' },
    continuous: { type: 'boolean', nullable: false, doc: 'no single deadline ("Постійно")' },
    hasDeadline: { type: 'boolean', nullable: false, doc: 'has a deadline date' },
    daysOverdue: { type: 'number', nullable: true, doc: 'days past the deadline day (1 = the day after); negative before it' },
    daysUntilDue: { type: 'number', nullable: true, doc: 'days left until the deadline day (0 = due today); negative after it' },
    dueSoonDays: { type: 'number', nullable: false, doc: 'the configured look-ahead (`dueSoonDays`)' },
    started: { type: 'boolean', nullable: false, doc: 'the first quarter of the deadline has begun' },
    responsibleCount: { type: 'number', nullable: false, doc: 'number of responsible units' },
  },
  steward: {
    hasEmail: { type: 'boolean', nullable: false, doc: 'has at least one e-mail address' },
    hasHeadEmail: { type: 'boolean', nullable: false, doc: 'the head of the unit has an address' },
    external: { type: 'boolean', nullable: false, doc: 'not a department (external experts, a working group)' },
    datasetCount: { type: 'number', nullable: false, doc: 'datasets assigned to it' },
    requiredDatasetCount: { type: 'number', nullable: false, doc: 'required datasets assigned to it' },
    taskCount: { type: 'number', nullable: false, doc: 'open plan tasks it is responsible for (directly or as every steward)' },
  },
};

/** Placeholders a message template may use, per subject type, with what each holds (docs/rules.md is made of this). */
export const PLACEHOLDERS: Readonly<Record<SubjectType, Readonly<Record<string, string>>>> = {
  dataset: {
    id: 'the dataset id',
    title: 'its title',
    steward: "the steward's name",
    frequency: 'the declared update frequency, in Ukrainian (`Щомісяця`)',
    lastUpdated: 'the last update, `30.06.2019`',
    deadline: 'the deadline day, `30.06.2019`',
    daysOverdue: 'days past the deadline day',
    daysOverdueText: 'the same with its word: `1 день`, `2 дні`, `5 днів`',
    daysSinceUpdate: 'days since the last update',
    daysSinceUpdateText: 'the same with its word',
    suspended: 'the basis of a suspension',
    portalId: 'the portal dataset it is linked to',
    portalFrequency: "the portal's declared frequency, in Ukrainian",
    portalFormats: "the formats of the portal dataset's resources",
    portalResourceCount: 'how many resources it has on the portal',
    portalGoneAt: 'when the portal stopped listing it, `30.06.2019`',
  },
  task: {
    id: 'the task number (`1.3`)',
    title: 'the task as the plan words it',
    goal: 'its goal',
    deadline: 'the deadline day, `30.06.2019`',
    deadlineText: 'the deadline as the plan words it (`II квартал 2019 року`)',
    daysOverdue: 'days past the deadline day',
    daysOverdueText: 'the same with its word: `1 день`, `2 дні`, `5 днів`',
    daysLeft: 'days left until the deadline day',
    daysLeftText: 'the same with its word',
    responsible: 'the responsible units, in words',
  },
  steward: {
    id: 'the steward id',
    name: 'its name',
    datasetCount: 'datasets assigned to it',
    taskCount: 'open plan tasks it answers for',
  },
};

/** The placeholder names per subject type, in order. */
export const MESSAGE_VARS: Readonly<Record<SubjectType, readonly string[]>> = {
  dataset: Object.keys(PLACEHOLDERS.dataset),
  task: Object.keys(PLACEHOLDERS.task),
  steward: Object.keys(PLACEHOLDERS.steward),
};
