/**
 * The compliance picture of one check: every dataset's state and status, the council's and every steward's counts,
 * and the open findings — all as of the moment the last recorded check evaluated (its `as_of`), so that every page
 * and download tells the same numbers as that check, `check --json` and the digest. It is made once per check
 * (the web caches it until a newer check is recorded) and read by many pages, so a national register of 100,000
 * datasets is judged once, not on every request. It is made in turns with the event loop and counted as its
 * subjects are made, without holding them all.
 */
import type { DateTime } from 'luxon';
import type { Dataset, Severity, Steward, StewardKind, SubjectType } from '../domain';
import { ALL_STEWARDS, ComplianceTally, openItemsBySteward } from '../history/score';
import { datasetSubjectMaker } from '../rules/subjects';
import { Turns } from '../rules/turns';
import { listDatasetsInTurns } from '../store/datasets';
import { latestFinishedRun, latestFinishedRunId, openFindingsInTurns } from '../store/read-findings';
import { listStewards } from '../store/stewards';
import { fromStoredInstant, toStoredInstant } from '../time/days';
import { stewardRowsFromCounts, type CouncilCompliance, type StewardCompliance } from './compliance';
import { datasetState, type DatasetStateView } from './datasets';
import { previousQuarterScores } from './history';
import type { ReadSource } from './source';
import { DATASET_STATUSES, type DatasetStatus } from './statuses';

export type PictureDataset = DatasetStateView;

/**
 * An open finding as public pages show it: no acknowledgements, snoozes or who decided what. Its message is not
 * kept (tens of thousands of sentences): a page reads the messages of the findings it shows (findingMessages).
 */
export interface PublicFinding {
  readonly id: number;
  readonly rule: string;
  readonly severity: Severity;
  readonly subject: { readonly type: SubjectType; readonly id: string };
  readonly stewards: readonly string[];
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
  readonly openedAt: string;
}

export interface StewardInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: StewardKind;
  /** It has an e-mail address: its notices reach someone (the address itself is never in the picture). */
  readonly reachable: boolean;
}

export type StatusCounts = Readonly<Record<DatasetStatus, number>>;

export interface CompliancePicture {
  /** The check it shows; null before the first check (then it is judged as of when it was made, with no findings). */
  readonly run: { readonly id: number; readonly asOf: string; readonly finishedAt: string } | null;
  /** The moment everything is judged as of (stored UTC instant): «Станом на». */
  readonly asOf: string;
  readonly council: CouncilCompliance;
  /** Worst first: the one ordering of every steward table (src/views/compliance.ts). */
  readonly stewards: readonly StewardCompliance[];
  /** Every steward of the register, by id. */
  readonly stewardInfo: ReadonlyMap<string, StewardInfo>;
  /** Every dataset of the register, by id. */
  readonly datasets: readonly PictureDataset[];
  readonly datasetById: ReadonlyMap<string, PictureDataset>;
  /** Each steward's datasets (by id); unassigned ones under null. */
  readonly datasetsBySteward: ReadonlyMap<string | null, readonly PictureDataset[]>;
  /** Datasets of the whole register by status (required or not). */
  readonly statusCounts: StatusCounts;
  /** Open findings by id. */
  readonly findings: readonly PublicFinding[];
  /** A steward's open findings: every one that names it (a shared plan task under each); those of nobody under null. */
  readonly findingsBySteward: ReadonlyMap<string | null, readonly PublicFinding[]>;
  /** Every steward's (and the council's, `*`) score at the end of the quarter before, when its snapshot exists. */
  readonly previousQuarter: { readonly quarter: string; readonly label: string; readonly scores: ReadonlyMap<string, number | null> } | null;
}

export function countStatuses(datasets: readonly Pick<PictureDataset, 'status'>[]): StatusCounts {
  const counts = Object.fromEntries(DATASET_STATUSES.map((s) => [s, 0])) as Record<DatasetStatus, number>;
  for (const d of datasets) counts[d.status]++;
  return counts;
}

/**
 * The picture of the last recorded check, or — before any check — as of `now`. With `turns` (the web), it gives the
 * event loop a turn every ~10 ms of work, so pages keep being served while it is made; a command has no need to.
 */
export async function buildPicture(src: ReadSource, now: DateTime, opts: { readonly turns?: boolean } = {}): Promise<CompliancePicture> {
  const turns = opts.turns ?? true;
  // Reading pages of 1000 rows: a turn may be due after each; judging one dataset: asked every 256.
  const pages = new Turns(1);
  const items = new Turns(256);
  const pageTurn = (): Promise<void> | null => (turns ? pages.due() : null);
  const pause = (): Promise<void> | null => (turns ? items.due() : null);
  const run = latestFinishedRun(src.db);
  const asOf = run === null ? now : fromStoredInstant(run.asOf);
  const stewards = listStewards(src.db);
  const datasets: (Dataset | undefined)[] = await listDatasetsInTurns(src.db, pageTurn);
  const make = datasetSubjectMaker({ now: asOf, graceDays: src.graceDays, dueSoonDays: src.dueSoonDays, frequencies: src.frequencies, stewards, datasets: [], tasks: [] });
  const tallies = new Map<string, ComplianceTally>([[ALL_STEWARDS, new ComplianceTally()]]);
  const council = tallies.get(ALL_STEWARDS) as ComplianceTally;
  const views: PictureDataset[] = [];
  for (let i = 0; i < datasets.length; i++) {
    const d = datasets[i] as Dataset;
    // The row is not needed once judged: the view keeps what pages show.
    datasets[i] = undefined;
    const subject = make(d);
    council.add(subject);
    if (subject.steward !== null) {
      let t = tallies.get(subject.steward);
      if (t === undefined) tallies.set(subject.steward, (t = new ComplianceTally()));
      t.add(subject);
    }
    views.push(datasetState(d, subject));
    const turn = pause();
    if (turn !== null) await turn;
  }
  const open = run === null ? [] : await openFindingsInTurns(src.db, pageTurn);
  const findings: PublicFinding[] = open.map((f) => ({
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    subject: { type: f.subjectType, id: f.subjectId },
    stewards: f.stewards,
    dueAt: f.dueAt,
    daysOverdue: f.daysOverdue,
    openedAt: f.openedAt,
  }));
  const counts = new Map([...tallies].map(([id, t]) => [id, t.counts()]));
  const bySteward = new Map<string | null, PictureDataset[]>();
  for (const v of views) {
    const list = bySteward.get(v.stewardId);
    if (list === undefined) bySteward.set(v.stewardId, [v]);
    else list.push(v);
  }
  return {
    run: run === null ? null : { id: run.id, asOf: run.asOf, finishedAt: run.finishedAt },
    asOf: toStoredInstant(asOf),
    council: { ...(counts.get(ALL_STEWARDS) as ReturnType<ComplianceTally['counts']>), openFindings: findings.length },
    stewards: stewardRowsFromCounts(stewards, counts, findings),
    stewardInfo: new Map(stewards.map((s: Steward) => [s.id, { id: s.id, name: s.name, kind: s.kind, reachable: s.emails.length > 0 }])),
    datasets: views,
    datasetById: new Map(views.map((v) => [v.id, v])),
    datasetsBySteward: bySteward,
    statusCounts: countStatuses(views),
    findings,
    findingsBySteward: openItemsBySteward(findings),
    previousQuarter: previousQuarterScores(src, asOf),
  };
}


/** The id of the latest finished check (null: none yet): a picture made from an older one is stale. */
export function latestCheckId(src: Pick<ReadSource, 'db'>): number | null {
  return latestFinishedRunId(src.db);
}
