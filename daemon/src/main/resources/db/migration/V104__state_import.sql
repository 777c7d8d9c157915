-- Which clusters' open findings (issue #22) an import-state has decided on: imported, or left because the
-- database already had some. A later import of the same files must not bring back findings that have
-- resolved since (the database then holds none for the cluster, as it would had nothing been imported).
CREATE TABLE state_import (
    cluster     text        NOT NULL,
    kind        text        NOT NULL,
    at          timestamptz NOT NULL,
    instance_id text        NOT NULL,
    PRIMARY KEY (cluster, kind)
);
