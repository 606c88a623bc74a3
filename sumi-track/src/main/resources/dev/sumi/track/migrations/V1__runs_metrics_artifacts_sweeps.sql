-- The first schema of the run store. Written in the SQL that SQLite and PostgreSQL share.
-- Times are epoch milliseconds; JSON is kept as text.

CREATE TABLE sweeps (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  dataset TEXT,
  model TEXT,
  run_dir TEXT,
  sweep_id TEXT,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL DEFAULT 0,
  heartbeat_at BIGINT NOT NULL DEFAULT 0,
  config TEXT NOT NULL,
  environment TEXT NOT NULL,
  summary TEXT NOT NULL,
  test_accuracy DOUBLE PRECISION,
  notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_created ON runs (created_at);
CREATE INDEX runs_dataset_accuracy ON runs (dataset, test_accuracy);
CREATE INDEX runs_sweep ON runs (sweep_id);

CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (run_id, tag)
);
CREATE INDEX run_tags_tag ON run_tags (tag);

-- value is NULL for NaN (SQLite cannot store NaN).
CREATE TABLE metrics (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  step BIGINT NOT NULL,
  epoch DOUBLE PRECISION NOT NULL,
  value DOUBLE PRECISION,
  time BIGINT NOT NULL
);
CREATE INDEX metrics_run_key_step ON metrics (run_id, key, step);

CREATE TABLE artifacts (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  meta TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (run_id, name)
);
