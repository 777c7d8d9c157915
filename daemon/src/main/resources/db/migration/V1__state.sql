-- The remediator's state when store.postgres is configured (issue #15): history, open findings, the
-- action ledger, the audit and the roll journals, behind the same interfaces as the files. Every
-- table names its cluster, so one database holds many clusters for many remediator instances.
--
-- Versions: V1 to V99 belong to these tables. V100 and up are reserved for the Quartz clustered
-- job store's tables (qrtz_*) and the per-cluster leases with their fencing tokens, so the two
-- lines of migrations never take each other's numbers.
--
-- Times are timestamptz (microseconds; a Java Instant's nanoseconds are truncated).

-- One row per cluster ever stored. The ledger's check-and-record locks it (SELECT ... FOR UPDATE),
-- and its id keys the roll lock (a session advisory lock, see PostgresRollJournal): ids, unlike
-- hashes of names, never collide. A lease row per cluster belongs beside it (V100+).
CREATE TABLE watched_cluster (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- History: the key series of one observation; at most one per cluster and minimum interval.
CREATE TABLE history_sample (
    cluster text        NOT NULL,
    at      timestamptz NOT NULL,
    vals    jsonb       NOT NULL,
    PRIMARY KEY (cluster, at)
);

-- Open findings, replaced per cluster in one transaction; position keeps the saved order. Only the
-- key is required: the rest is stored as the finding holds it, as the file store's JSON would.
CREATE TABLE open_finding (
    cluster     text        NOT NULL,
    position    integer     NOT NULL,
    finding_key text        NOT NULL,
    policy      text,
    entity      text,
    severity    text,
    first_seen  timestamptz,
    last_seen   timestamptz,
    evaluations integer     NOT NULL,
    summary     text,
    attempted   text[]      NOT NULL,
    halted      text        NOT NULL,
    PRIMARY KEY (cluster, finding_key)
);

-- The action ledger: each run of an action on a target (cooldowns, daily limits). A run dated in
-- the future (written while a clock was ahead) is moved to when it was noticed; corrects keeps the
-- date it had.
CREATE TABLE action_run (
    cluster     text        NOT NULL,
    action      text        NOT NULL,
    target      text        NOT NULL,
    at          timestamptz NOT NULL,
    corrects    timestamptz,
    instance_id text        NOT NULL,
    PRIMARY KEY (cluster, action, target, at)
);

-- The audit, append-only. details is json, not jsonb: the record's keys stay in the order written.
-- instance_id: which remediator wrote it (who acted, once several act as one). import_key: set only
-- for records imported from an audit file (a digest of the line), so an import run twice adds none twice.
CREATE TABLE audit_event (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    action_id   text        NOT NULL,
    event       text        NOT NULL,
    cluster     text        NOT NULL,
    actor       text        NOT NULL,
    dry_run     boolean     NOT NULL,
    details     json        NOT NULL,
    instance_id text        NOT NULL,
    import_key  text        UNIQUE
);
CREATE INDEX audit_event_at ON audit_event (at, seq);
CREATE INDEX audit_event_cluster_at ON audit_event (cluster, at);

-- An audit record is never changed once written (archiving old ones by DELETE stays the operator's choice).
CREATE FUNCTION audit_event_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit is append-only: audit_event % cannot be updated', OLD.seq;
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_update();

-- The roll journal: the current (or last) roll of each cluster, rewritten after every change.
CREATE TABLE roll_journal (
    cluster     text        PRIMARY KEY,
    roll_id     text        NOT NULL,
    status      text        NOT NULL,
    roll        json        NOT NULL,
    updated_at  timestamptz NOT NULL,
    instance_id text        NOT NULL
);
