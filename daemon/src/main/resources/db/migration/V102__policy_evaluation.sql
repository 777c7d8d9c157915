-- When each policy was last evaluated on each cluster (issue #15). A cluster's job runs on whichever
-- instance Quartz hands its firing to; the policies' cadence (schedule.every, cron) is kept here so a
-- cluster changing hands neither runs an hourly policy at once nor misses a cron's time. Times are the
-- evaluating instance's clock, as the evaluations themselves are.
CREATE TABLE policy_evaluation (
    cluster      text        NOT NULL,
    policy       text        NOT NULL,
    evaluated_at timestamptz NOT NULL,
    PRIMARY KEY (cluster, policy)
);
