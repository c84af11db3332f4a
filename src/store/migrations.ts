/**
 * Versioned schema. Each entry runs once, in order, inside one transaction with `PRAGMA user_version`
 * bumped to its index + 1, so a database opened by a newer odmon is migrated on open and never half-migrated.
 * Never edit a shipped migration: append a new one.
 *
 * Instants are UTC ISO strings (`2019-06-30T21:00:00.000Z`): they sort and compare correctly as text.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the compliance core
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE stewards (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'department' CHECK (kind IN ('department', 'external')),
    head_email TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX stewards_name ON stewards(name);

  -- The responsible persons' addresses, in the order given.
  CREATE TABLE steward_contacts (
    steward_id TEXT NOT NULL REFERENCES stewards(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    email      TEXT NOT NULL,
    PRIMARY KEY (steward_id, position)
  );

  CREATE TABLE datasets (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    steward_id       TEXT REFERENCES stewards(id),
    frequency        TEXT,             -- normalised portal value, NULL when blank or not recognised
    frequency_raw    TEXT,             -- as written in the source
    required         INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
    portal_id        TEXT,
    suspended        TEXT,             -- the reason; NULL = not suspended
    last_updated     TEXT,             -- as the register states it; history lives in publications
    source           TEXT NOT NULL DEFAULT 'import',
    legal_basis      TEXT,             -- e.g. the Resolution 835 item
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  );
  CREATE INDEX datasets_steward ON datasets(steward_id);

  CREATE TABLE publications (
    id           INTEGER PRIMARY KEY,
    dataset_id   TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    published_at TEXT NOT NULL,
    source       TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    UNIQUE (dataset_id, published_at)
  );

  CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    first_year  INTEGER,
    last_year   INTEGER,
    source      TEXT NOT NULL
  );

  CREATE TABLE plan_goals (
    plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    no      TEXT NOT NULL,
    title   TEXT NOT NULL,
    PRIMARY KEY (plan_id, no)
  );

  CREATE TABLE plan_tasks (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    goal          TEXT NOT NULL,
    title         TEXT NOT NULL,
    deadline_text TEXT NOT NULL,
    starts_at     TEXT,
    due_at        TEXT,               -- first overdue instant; NULL = no single deadline ("Постійно")
    done_at       TEXT,
    evidence      TEXT,
    position      INTEGER NOT NULL
  );

  CREATE TABLE task_responsibles (
    task_id      TEXT NOT NULL REFERENCES plan_tasks(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    unit         TEXT NOT NULL,
    steward_id   TEXT REFERENCES stewards(id),
    all_stewards INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, position)
  );

  CREATE TABLE evaluation_runs (
    id            INTEGER PRIMARY KEY,
    started_at    TEXT NOT NULL,
    as_of         TEXT NOT NULL,
    finished_at   TEXT,
    rules_ok      INTEGER NOT NULL DEFAULT 0,
    rules_failed  INTEGER NOT NULL DEFAULT 0,
    findings_open INTEGER NOT NULL DEFAULT 0,
    opened        INTEGER NOT NULL DEFAULT 0,
    resolved      INTEGER NOT NULL DEFAULT 0,
    errors        TEXT
  );

  -- One row per episode: a finding that is resolved and comes back opens a new row.
  CREATE TABLE findings (
    id            INTEGER PRIMARY KEY,
    rule          TEXT NOT NULL,
    subject_type  TEXT NOT NULL CHECK (subject_type IN ('dataset', 'task', 'steward')),
    subject_id    TEXT NOT NULL,
    steward_id    TEXT,
    stewards      TEXT NOT NULL DEFAULT '[]',
    severity      TEXT NOT NULL,
    message       TEXT NOT NULL,
    due_at        TEXT,
    days_overdue  INTEGER,
    opened_at     TEXT NOT NULL,
    opened_run    INTEGER NOT NULL REFERENCES evaluation_runs(id),
    last_seen_at  TEXT NOT NULL,
    last_seen_run INTEGER NOT NULL REFERENCES evaluation_runs(id),
    resolved_at   TEXT,
    resolved_run  INTEGER REFERENCES evaluation_runs(id)
  );
  CREATE UNIQUE INDEX findings_open_identity ON findings(rule, subject_type, subject_id) WHERE resolved_at IS NULL;
  CREATE INDEX findings_steward ON findings(steward_id, resolved_at);
  `,
  // 2: the outbox — rendered messages waiting for (or done with) delivery; see src/store/outbox.ts
  `
  CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,      -- the caller's identity, e.g. notice:steward-it:2019-07-01:run-12
    kind            TEXT NOT NULL CHECK (kind IN ('notice', 'digest')),
    steward_id      TEXT,
    message_id      TEXT NOT NULL,             -- <odmon.{key}@{domain of from}>, the same on every attempt
    from_addr       TEXT NOT NULL,
    to_addrs        TEXT NOT NULL,             -- JSON array
    cc_addrs        TEXT NOT NULL DEFAULT '[]', -- JSON array
    subject         TEXT NOT NULL,
    text            TEXT NOT NULL,
    html            TEXT,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,                      -- when a pending message is due
    claimed_at      TEXT,                      -- when the latest attempt began (kept after it ends)
    claim           TEXT,                      -- the token of the sender holding a 'sending' row
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
  );
  CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
  `,
  // 3: what each steward was told about each finding, and the digests sent
  `
  CREATE TABLE finding_notices (
    finding_id           INTEGER NOT NULL REFERENCES findings(id),
    steward_id           TEXT NOT NULL,
    first_notified_at    TEXT NOT NULL,
    last_notified_at     TEXT NOT NULL,
    count                INTEGER NOT NULL,
    escalated_at         TEXT,              -- when the unit's head was first copied
    resolved_notified_at TEXT,              -- when the steward was told it is resolved
    last_outbox_key      TEXT,
    PRIMARY KEY (finding_id, steward_id)
  );

  CREATE TABLE digests (
    id          INTEGER PRIMARY KEY,
    as_of       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    outbox_key  TEXT NOT NULL UNIQUE,
    run_id      INTEGER REFERENCES evaluation_runs(id)
  );
  `,
  // 4: the daemon: each job's last run and next due moment, and the lock held by the running daemon
  `
  CREATE TABLE jobs (
    name         TEXT PRIMARY KEY,
    last_run_at  TEXT,
    last_status  TEXT,                 -- ok | failed | skipped
    last_error   TEXT,
    last_summary TEXT,                 -- JSON counts of the last run
    next_due_at  TEXT,
    running_since TEXT
  );

  CREATE TABLE daemon_lock (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    token        TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
  );
  `,
  // 5: portal evidence: what the open data portal (CKAN) really publishes, each sync run, and what changed when
  `
  CREATE TABLE portal_datasets (
    portal_id          TEXT PRIMARY KEY,     -- CKAN package id
    name               TEXT,                 -- CKAN package name (the URL slug)
    title              TEXT,
    organization       TEXT,                 -- the owner organization's id it was listed under
    frequency_raw      TEXT,                 -- as the portal states it
    frequency          TEXT,                 -- normalised; NULL when blank or not recognised
    metadata_modified  TEXT,                 -- any edit of the passport
    resources_modified TEXT,                 -- latest resource last_modified (or created)
    maintainer         TEXT,
    maintainer_email   TEXT,
    resource_count     INTEGER,
    formats            TEXT NOT NULL DEFAULT '[]',  -- JSON array, one per resource
    first_seen_at      TEXT,                 -- NULL: a linked id the portal says it does not have
    last_seen_at       TEXT,
    gone_at            TEXT,                 -- set only after a complete listing without it
    last_sync_run      INTEGER
  );
  CREATE INDEX portal_datasets_org ON portal_datasets(organization);
  CREATE INDEX portal_datasets_name ON portal_datasets(name);

  CREATE TABLE portal_resources (
    portal_id     TEXT NOT NULL REFERENCES portal_datasets(portal_id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    format        TEXT NOT NULL,
    url           TEXT,
    last_modified TEXT,
    created       TEXT,
    PRIMARY KEY (portal_id, position)
  );

  CREATE TABLE sync_runs (
    id            INTEGER PRIMARY KEY,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,                      -- NULL: interrupted
    portal        TEXT NOT NULL,
    organizations TEXT NOT NULL DEFAULT '[]', -- JSON array, as configured
    read          INTEGER NOT NULL DEFAULT 0,
    linked        INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    new           INTEGER NOT NULL DEFAULT 0,
    gone          INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    publications  INTEGER NOT NULL DEFAULT 0,
    errors        TEXT NOT NULL DEFAULT '[]', -- JSON array of what could not be read
    complete      INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1))
  );

  -- A dataset's observed state at a sync, recorded when first seen and whenever it changed.
  CREATE TABLE portal_observations (
    sync_run_id        INTEGER NOT NULL REFERENCES sync_runs(id),
    portal_id          TEXT NOT NULL,
    observed_at        TEXT NOT NULL,
    metadata_modified  TEXT,
    resources_modified TEXT,
    resource_count     INTEGER,
    frequency_raw      TEXT,
    PRIMARY KEY (sync_run_id, portal_id)
  );
  CREATE INDEX portal_observations_dataset ON portal_observations(portal_id, sync_run_id);
  `,
  // 6: exemptions (suspensions, snoozes, acknowledgements), plan progress by hand, quarterly history, the audit log
  `
  -- A dataset withheld on purpose (martial law), with its legal basis and a date to review it. The active one
  -- (ended_at NULL) is mirrored into datasets.suspended, which the rules read.
  CREATE TABLE dataset_suspensions (
    id          INTEGER PRIMARY KEY,
    dataset_id  TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    basis       TEXT NOT NULL,
    since       TEXT NOT NULL,          -- when the restriction took effect
    review_by   TEXT NOT NULL,          -- 00:00 Kyiv of the review day
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    ended_at    TEXT,
    ended_by    TEXT,
    end_reason  TEXT
  );
  CREATE UNIQUE INDEX dataset_suspensions_active ON dataset_suspensions(dataset_id) WHERE ended_at IS NULL;

  -- No notices about one finding episode, or about every finding of a steward, before "until".
  CREATE TABLE snoozes (
    id            INTEGER PRIMARY KEY,
    finding_id    INTEGER REFERENCES findings(id),
    steward_id    TEXT,
    until         TEXT NOT NULL,        -- the first instant notices may resume (exclusive end)
    reason        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    cancelled_at  TEXT,
    cancelled_by  TEXT,
    CHECK ((finding_id IS NULL) <> (steward_id IS NULL))
  );
  CREATE INDEX snoozes_finding ON snoozes(finding_id);
  CREATE INDEX snoozes_steward ON snoozes(steward_id);

  -- A steward's responsible person said "we know" about a finding episode.
  CREATE TABLE acknowledgements (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings(id),
    steward_id  TEXT,                   -- for this steward only (a plan task of several units); NULL: every steward of it
    person      TEXT NOT NULL,
    comment     TEXT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL
  );
  CREATE INDEX acknowledgements_finding ON acknowledgements(finding_id);

  -- Who marked a task done with "odmon task done" (NULL: the import or the seed said so).
  ALTER TABLE plan_tasks ADD COLUMN done_by TEXT;

  -- A quarter whose snapshots were taken (once, even when no steward had anything to count).
  CREATE TABLE quarters_closed (
    quarter   TEXT PRIMARY KEY,         -- 2026-Q3
    ends_at   TEXT NOT NULL,            -- 00:00 Kyiv of the next quarter's first day
    taken_at  TEXT NOT NULL,
    source    TEXT NOT NULL CHECK (source IN ('live', 'reconstructed'))
  );

  CREATE TABLE quarter_snapshots (
    quarter          TEXT NOT NULL REFERENCES quarters_closed(quarter),
    steward_id       TEXT NOT NULL,
    steward_name     TEXT NOT NULL,
    required         INTEGER NOT NULL,
    published        INTEGER NOT NULL,
    on_time          INTEGER NOT NULL,
    late             INTEGER NOT NULL,
    never_published  INTEGER NOT NULL,
    suspended        INTEGER NOT NULL,
    score            REAL,              -- share of required, not suspended datasets published and on time; NULL: none
    taken_at         TEXT NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('live', 'reconstructed')),
    PRIMARY KEY (quarter, steward_id)
  );

  CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    details       TEXT NOT NULL DEFAULT '{}',   -- JSON
    reason        TEXT
  );
  CREATE INDEX audit_log_at ON audit_log(at);
  `,
  // 7: facts an official can sign — when a suspension marked by the register began, which findings ended by a
  // suspension (never told as resolved), and the seeded plan's text as meant
  `
  -- A suspension marked by the register import (a non-empty "suspended" cell) and not by "odmon suspend": it has
  -- no stated start, so it begins when odmon first recorded it (the real clock), never earlier; it ends when
  -- the register (or "odmon resume") lifts it. Reports and snapshots count it only while it was in force.
  CREATE TABLE register_suspensions (
    id          INTEGER PRIMARY KEY,
    dataset_id  TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    since       TEXT NOT NULL,
    ended_at    TEXT
  );
  CREATE UNIQUE INDEX register_suspensions_active ON register_suspensions(dataset_id) WHERE ended_at IS NULL;
  -- Suspensions imported before this version: the last time odmon wrote the row is the earliest it surely knew.
  INSERT INTO register_suspensions(dataset_id, reason, since)
    SELECT d.id, d.suspended, d.updated_at FROM datasets d
     WHERE d.suspended IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM dataset_suspensions s WHERE s.dataset_id = d.id AND s.ended_at IS NULL);

  -- A finding that ended because its dataset was suspended: the basis, so it is told as suspended, not resolved.
  ALTER TABLE findings ADD COLUMN resolved_suspended TEXT;
  -- Episodes that ended before this version while their dataset was suspended ("odmon suspend", or marked by the
  -- register when odmon last wrote the dataset).
  UPDATE findings SET resolved_suspended = coalesce(
      (SELECT s.basis FROM dataset_suspensions s
        WHERE s.dataset_id = findings.subject_id AND s.since <= findings.resolved_at
          AND (s.ended_at IS NULL OR s.ended_at >= findings.resolved_at)
        ORDER BY s.since DESC LIMIT 1),
      (SELECT r.reason FROM register_suspensions r
        WHERE r.dataset_id = findings.subject_id AND r.ended_at IS NULL AND r.since <= findings.resolved_at))
   WHERE subject_type = 'dataset' AND resolved_at IS NOT NULL;

  -- Task 6.2 as meant ("методику"; the decree writes Latin i, k, u): see data/seed/corrections.csv.
  UPDATE plan_tasks SET title = replace(title, 'методiku', 'методику') WHERE instr(title, 'методiku') > 0;
  `,
  // 8: where a steward came from. The seed's units yield their ids to the council's own: an imported steward that
  // has a seeded unit's name takes it over, id and all (src/import/import.ts). A database made before this version
  // marks as seeded the units no import has touched since the seed: unchanged and without contacts.
  `
  ALTER TABLE stewards ADD COLUMN source TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('seed', 'import'));
  UPDATE stewards SET source = 'seed'
   WHERE created_at = updated_at
     AND created_at = (SELECT value FROM meta WHERE key = 'seeded_at')
     AND NOT EXISTS (SELECT 1 FROM steward_contacts c WHERE c.steward_id = stewards.id);
  `,
  // 9: the channel each message goes through (src/notify/channels). Every message before this version is e-mail.
  // Its recipients stay in to_addrs, in the channel's own terms: e-mail addresses, or a Telegram chat id.
  `
  ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
  `,
  // 10: letters that get action — a Reply-To (the contact person of org.contact.email) and inline images (the
  // digest's chart, referenced as cid: from the HTML) stored with the message, so a retry days later sends the
  // very message that was planned.
  `
  ALTER TABLE outbox ADD COLUMN reply_to TEXT;
  CREATE TABLE outbox_attachments (
    outbox_id     INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    cid           TEXT NOT NULL,      -- Content-ID without <>, unique within the message
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    content       BLOB NOT NULL,
    PRIMARY KEY (outbox_id, position)
  );
  `,
  // 11: incremental checks (src/check/): which datasets changed since the last check, and what that check knew.
  // Triggers note every change that can change a dataset's findings, whoever makes it (an import, a sync, a
  // suspension, a link, a steward renamed); a check then judges those datasets and the ones whose findings
  // change by time alone that day, and leaves the others' findings as recorded.
  `
  -- A log, not a set: a trigger's INSERT takes the conflict handling of the statement that fired it (an upsert's
  -- would fail on a duplicate), and a dataset changed again after a check read the log must stay for the next.
  CREATE TABLE check_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: a check clears the marks up to the last it read
    dataset_id TEXT NOT NULL
  );

  -- The last recorded check that judged without an error (one row): the next may build on it.
  CREATE TABLE check_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    run_id  INTEGER NOT NULL REFERENCES evaluation_runs(id),
    key     TEXT NOT NULL,      -- SHA-256 of the rules, the settings and the code that judges
    day     INTEGER NOT NULL    -- the Kyiv day it judged as of (days since 1970-01-01)
  );

  -- The datasets whose findings change by time alone on a later day (a list may name a dataset judged since:
  -- it is then judged once more than needed, never less).
  CREATE TABLE check_wakeups (
    day      INTEGER PRIMARY KEY,   -- days since 1970-01-01
    datasets TEXT NOT NULL          -- JSON array of dataset ids
  );

  CREATE INDEX datasets_portal ON datasets(portal_id);
  -- The steward facts count datasets and required datasets per steward.
  CREATE INDEX datasets_steward_required ON datasets(steward_id, required);
  CREATE INDEX findings_open_subject ON findings(subject_type, subject_id) WHERE resolved_at IS NULL;

  CREATE TRIGGER check_dataset_added AFTER INSERT ON datasets BEGIN
    INSERT INTO check_changes(dataset_id) VALUES (NEW.id);
  END;
  CREATE TRIGGER check_dataset_removed AFTER DELETE ON datasets BEGIN
    INSERT INTO check_changes(dataset_id) VALUES (OLD.id);
  END;
  CREATE TRIGGER check_dataset_changed AFTER UPDATE ON datasets
    WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.steward_id IS NOT NEW.steward_id
      OR OLD.frequency IS NOT NEW.frequency OR OLD.frequency_raw IS NOT NEW.frequency_raw OR OLD.required IS NOT NEW.required
      OR OLD.portal_id IS NOT NEW.portal_id OR OLD.suspended IS NOT NEW.suspended OR OLD.last_updated IS NOT NEW.last_updated
  BEGIN
    INSERT INTO check_changes(dataset_id) VALUES (OLD.id);
    INSERT INTO check_changes(dataset_id) VALUES (NEW.id);
  END;

  CREATE TRIGGER check_publication_added AFTER INSERT ON publications BEGIN
    INSERT INTO check_changes(dataset_id) VALUES (NEW.dataset_id);
  END;
  CREATE TRIGGER check_publication_removed AFTER DELETE ON publications BEGIN
    INSERT INTO check_changes(dataset_id) VALUES (OLD.dataset_id);
  END;
  CREATE TRIGGER check_publication_changed AFTER UPDATE OF dataset_id, published_at ON publications BEGIN
    INSERT INTO check_changes(dataset_id) VALUES (OLD.dataset_id);
    INSERT INTO check_changes(dataset_id) VALUES (NEW.dataset_id);
  END;

  -- A register entry names its portal dataset by id or by name (src/store/portal.ts, EFFECTIVE_FREQUENCY).
  CREATE TRIGGER check_portal_added AFTER INSERT ON portal_datasets BEGIN
    INSERT INTO check_changes(dataset_id) SELECT id FROM datasets WHERE portal_id IN (NEW.portal_id, NEW.name);
  END;
  CREATE TRIGGER check_portal_removed AFTER DELETE ON portal_datasets BEGIN
    INSERT INTO check_changes(dataset_id) SELECT id FROM datasets WHERE portal_id IN (OLD.portal_id, OLD.name);
  END;
  -- What the portal facts read; the time a dataset was last seen only decides between portal datasets sharing a name.
  CREATE TRIGGER check_portal_changed AFTER UPDATE ON portal_datasets
    WHEN OLD.portal_id IS NOT NEW.portal_id OR OLD.name IS NOT NEW.name OR OLD.frequency IS NOT NEW.frequency
      OR OLD.frequency_raw IS NOT NEW.frequency_raw OR OLD.maintainer IS NOT NEW.maintainer
      OR OLD.maintainer_email IS NOT NEW.maintainer_email OR OLD.resource_count IS NOT NEW.resource_count
      OR OLD.formats IS NOT NEW.formats OR OLD.first_seen_at IS NOT NEW.first_seen_at OR OLD.gone_at IS NOT NEW.gone_at
      OR (OLD.last_seen_at IS NOT NEW.last_seen_at AND NEW.name IS NOT NULL
          AND EXISTS (SELECT 1 FROM portal_datasets x WHERE x.name = NEW.name AND x.portal_id <> NEW.portal_id))
  BEGIN
    INSERT INTO check_changes(dataset_id)
      SELECT id FROM datasets WHERE portal_id IN (OLD.portal_id, OLD.name, NEW.portal_id, NEW.name);
  END;

  -- A message names the dataset's steward.
  CREATE TRIGGER check_steward_added AFTER INSERT ON stewards BEGIN
    INSERT INTO check_changes(dataset_id) SELECT id FROM datasets WHERE steward_id = NEW.id;
  END;
  CREATE TRIGGER check_steward_removed AFTER DELETE ON stewards BEGIN
    INSERT INTO check_changes(dataset_id) SELECT id FROM datasets WHERE steward_id = OLD.id;
  END;
  CREATE TRIGGER check_steward_renamed AFTER UPDATE OF id, name ON stewards
    WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name
  BEGIN
    INSERT INTO check_changes(dataset_id) SELECT id FROM datasets WHERE steward_id IN (OLD.id, NEW.id);
  END;
  `,
];
