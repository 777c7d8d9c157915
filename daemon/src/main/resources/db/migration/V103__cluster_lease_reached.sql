-- When any instance last reached each cluster (issue #15): written when a cluster's job releases its
-- lease after an observation that reached the cluster. An instance that stands by for a cluster
-- another instance runs judges its health by this, not by its own observations (it has none lately).
-- Times are the observing instance's clock, as its own observations are.
ALTER TABLE cluster_lease ADD COLUMN reached_at timestamptz;
