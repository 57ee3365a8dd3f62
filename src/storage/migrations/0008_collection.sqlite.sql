-- The régua (collection/repository.h): the shop's collection settings, policies and
-- templates (configuration, changed with an audit entry); the outbox of actions and the
-- (installment, step) keys that make each step happen once; the log of runs; pauses and
-- exemptions, each ended by a later row. Everything but the configuration is append-only.
-- SQLite twin of 0008_collection.postgresql.sql. Dates ISO AAAA-MM-DD, instants RFC 3339
-- UTC (so text order is time order), money in *_cents.

CREATE TABLE collection_settings (
  store_id TEXT PRIMARY KEY REFERENCES stores (id),
  settings TEXT NOT NULL,                        -- JSON of CollectionSettings
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL                       -- actor text
);

CREATE TABLE collection_policies (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  name TEXT NOT NULL,
  priority INTEGER NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  audience TEXT NOT NULL,                        -- JSON {tenure, states, min_open_cents}
  steps TEXT NOT NULL,                           -- JSON array of steps, by day_offset
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (id, store_id)
);

CREATE INDEX collection_policies_by_store ON collection_policies (store_id, priority);

CREATE TABLE collection_templates (
  store_id TEXT NOT NULL REFERENCES stores (id),
  template_key TEXT NOT NULL,
  name TEXT NOT NULL,
  channel TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (store_id, template_key)
);

-- The outbox: one row per action decided by a run (messages, letters, tasks, bureau and
-- webhook steps). Sending is recorded elsewhere; the decision itself never changes.
CREATE TABLE collection_actions (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  policy_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('whatsapp', 'sms', 'email', 'letter', 'call_task',
    'bureau_notice', 'bureau_registration', 'suspension', 'webhook')),
  template_key TEXT NOT NULL,
  send_at TEXT NOT NULL,
  deferred INTEGER NOT NULL CHECK (deferred IN (0, 1)),
  open_total_cents BIGINT NOT NULL,
  listed TEXT NOT NULL,                          -- JSON array of the installments named
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (id, store_id),
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id)
);

CREATE INDEX collection_actions_by_send_at ON collection_actions (store_id, send_at);
CREATE INDEX collection_actions_by_customer
  ON collection_actions (store_id, customer_id, send_at);

-- The (installment, step) pairs done: the primary key makes each step happen once.
CREATE TABLE collection_action_steps (
  store_id TEXT NOT NULL REFERENCES stores (id),
  sale_id TEXT NOT NULL,
  installment_number INTEGER NOT NULL,
  step_key TEXT NOT NULL,                     -- "<policy id>/<step key>"
  action_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  PRIMARY KEY (store_id, sale_id, installment_number, step_key),
  FOREIGN KEY (action_id, store_id) REFERENCES collection_actions (id, store_id),
  FOREIGN KEY (sale_id, installment_number) REFERENCES installments (sale_id, number)
);

CREATE INDEX collection_action_steps_by_action ON collection_action_steps (store_id, action_id);

CREATE TABLE collection_runs (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  run_date TEXT NOT NULL,
  run_trigger TEXT NOT NULL,                     -- "scheduler", "cli", "api"
  dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  customer_count BIGINT NOT NULL,
  installment_count BIGINT NOT NULL,
  action_count BIGINT NOT NULL,
  deferred_count BIGINT NOT NULL,
  skipped TEXT NOT NULL,                         -- JSON {reason: installments}
  actor TEXT NOT NULL
);

CREATE INDEX collection_runs_by_store ON collection_runs (store_id, started_at, id);
CREATE INDEX collection_runs_by_date ON collection_runs (store_id, run_date, finished_at);

-- Pauses and exemptions are never edited: a later row ends them.
CREATE TABLE collection_pauses (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('promise', 'agreement', 'dispute')),
  from_date TEXT NOT NULL,
  until_date TEXT,                               -- required for a promise
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (id, store_id),
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id)
);

CREATE INDEX collection_pauses_by_customer ON collection_pauses (store_id, customer_id);

CREATE TABLE collection_pause_ends (
  pause_id TEXT PRIMARY KEY,                  -- a pause ends at most once
  store_id TEXT NOT NULL REFERENCES stores (id),
  ended_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  ended_by TEXT NOT NULL,
  FOREIGN KEY (pause_id, store_id) REFERENCES collection_pauses (id, store_id)
);

CREATE TABLE collection_exemptions (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  sale_id TEXT,                               -- NULL: the whole customer
  installment_number INTEGER,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK ((sale_id IS NULL) = (installment_number IS NULL)),
  UNIQUE (id, store_id),
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id),
  FOREIGN KEY (sale_id, installment_number) REFERENCES installments (sale_id, number)
);

CREATE INDEX collection_exemptions_by_customer ON collection_exemptions (store_id, customer_id);

CREATE TABLE collection_exemption_ends (
  exemption_id TEXT PRIMARY KEY,              -- an exemption ends at most once
  store_id TEXT NOT NULL REFERENCES stores (id),
  ended_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  ended_by TEXT NOT NULL,
  FOREIGN KEY (exemption_id, store_id) REFERENCES collection_exemptions (id, store_id)
);

-- History is append-only: the database itself refuses to change or remove it.
CREATE TRIGGER collection_actions_no_update BEFORE UPDATE ON collection_actions
BEGIN SELECT RAISE(ABORT, 'collection_actions is append-only'); END;
CREATE TRIGGER collection_actions_no_delete BEFORE DELETE ON collection_actions
BEGIN SELECT RAISE(ABORT, 'collection_actions is append-only'); END;
CREATE TRIGGER collection_action_steps_no_update BEFORE UPDATE ON collection_action_steps
BEGIN SELECT RAISE(ABORT, 'collection_action_steps is append-only'); END;
CREATE TRIGGER collection_action_steps_no_delete BEFORE DELETE ON collection_action_steps
BEGIN SELECT RAISE(ABORT, 'collection_action_steps is append-only'); END;
CREATE TRIGGER collection_runs_no_update BEFORE UPDATE ON collection_runs
BEGIN SELECT RAISE(ABORT, 'collection_runs is append-only'); END;
CREATE TRIGGER collection_runs_no_delete BEFORE DELETE ON collection_runs
BEGIN SELECT RAISE(ABORT, 'collection_runs is append-only'); END;
CREATE TRIGGER collection_pauses_no_update BEFORE UPDATE ON collection_pauses
BEGIN SELECT RAISE(ABORT, 'collection_pauses is append-only'); END;
CREATE TRIGGER collection_pauses_no_delete BEFORE DELETE ON collection_pauses
BEGIN SELECT RAISE(ABORT, 'collection_pauses is append-only'); END;
CREATE TRIGGER collection_pause_ends_no_update BEFORE UPDATE ON collection_pause_ends
BEGIN SELECT RAISE(ABORT, 'collection_pause_ends is append-only'); END;
CREATE TRIGGER collection_pause_ends_no_delete BEFORE DELETE ON collection_pause_ends
BEGIN SELECT RAISE(ABORT, 'collection_pause_ends is append-only'); END;
CREATE TRIGGER collection_exemptions_no_update BEFORE UPDATE ON collection_exemptions
BEGIN SELECT RAISE(ABORT, 'collection_exemptions is append-only'); END;
CREATE TRIGGER collection_exemptions_no_delete BEFORE DELETE ON collection_exemptions
BEGIN SELECT RAISE(ABORT, 'collection_exemptions is append-only'); END;
CREATE TRIGGER collection_exemption_ends_no_update BEFORE UPDATE ON collection_exemption_ends
BEGIN SELECT RAISE(ABORT, 'collection_exemption_ends is append-only'); END;
CREATE TRIGGER collection_exemption_ends_no_delete BEFORE DELETE ON collection_exemption_ends
BEGIN SELECT RAISE(ABORT, 'collection_exemption_ends is append-only'); END;
