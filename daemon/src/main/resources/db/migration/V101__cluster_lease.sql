-- The per-cluster lease with its fencing token (issue #15): before any action, and for a roll's
-- whole duration, the acting instance holds its cluster's row here. Quartz's clustering runs each
-- cluster's job on one live instance; the lease is what makes "only one acts" hold across a pause or
-- a split, when Quartz may already have handed the job to another instance.
--
-- holder: the instance id (the audit's instance_id); session: that process's run of it, so a
-- restarted process with the same instance id is a new holder. token: incremented on every change of
-- holder, never otherwise; each action's audit records carry it. Times are the database's (now()),
-- the one clock every instance shares, so hosts with skewed clocks still agree on expiry.
CREATE TABLE cluster_lease (
    cluster     text        PRIMARY KEY,
    holder      text        NOT NULL,
    session     text        NOT NULL,
    token       bigint      NOT NULL,
    acquired_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
