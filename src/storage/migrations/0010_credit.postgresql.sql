-- Credit analysis (credit/, issue 9): each shop's credit settings (versioned, audited), the
-- latest behavioural score per customer (replaced on every recomputation), the bureau
-- lookups (append-only: LGPD asks who looked whom up and why), the full analysis behind
-- each credit decision (append-only, one row per decision made with the shop's rules) and
-- the trained scorecards. PostgreSQL twin of 0010_credit.sqlite.sql.

CREATE TABLE credit_settings (
  store_id TEXT PRIMARY KEY REFERENCES stores (id),
  settings TEXT NOT NULL,                        -- JSON of CreditSettings, secrets included
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

CREATE TABLE credit_scores (
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 1000),
  band TEXT NOT NULL CHECK (band IN ('A', 'B', 'C', 'D', 'E')),
  detail TEXT NOT NULL,                          -- JSON: features and reasons
  computed_at TEXT NOT NULL,
  PRIMARY KEY (store_id, customer_id),
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id)
);

CREATE INDEX credit_scores_by_score ON credit_scores (store_id, score);

CREATE TABLE bureau_lookups (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  bureau TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('manual', 'http')),
  purpose TEXT NOT NULL CHECK (purpose IN ('sale', 'credit_review', 'registration')),
  consulted_on TEXT NOT NULL,
  restricted BOOLEAN NOT NULL,
  answer TEXT NOT NULL,                          -- JSON of BureauAnswer
  provider_reference TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id)
);

CREATE INDEX bureau_lookups_by_customer ON bureau_lookups (store_id, customer_id, recorded_at);

CREATE TABLE credit_analyses (
  decision_id TEXT PRIMARY KEY REFERENCES credit_decisions (id),
  store_id TEXT NOT NULL REFERENCES stores (id),
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'on_demand')),
  outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'counter_offer', 'refused',
    'overridden')),
  analysis TEXT NOT NULL                         -- JSON: inputs, reasons, counter-offer
);

CREATE TABLE scorecards (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  name TEXT NOT NULL,
  model TEXT NOT NULL,                           -- the model's JSON (scorecard_json.h)
  report TEXT NOT NULL,                          -- JSON: quality on the held-out rows
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE INDEX scorecards_by_store ON scorecards (store_id, created_at);

-- History is append-only (fiado_refuse_change comes from 0002).
CREATE TRIGGER bureau_lookups_no_update BEFORE UPDATE OR DELETE ON bureau_lookups
  FOR EACH ROW EXECUTE FUNCTION fiado_refuse_change();
CREATE TRIGGER bureau_lookups_no_truncate BEFORE TRUNCATE ON bureau_lookups
  FOR EACH STATEMENT EXECUTE FUNCTION fiado_refuse_change();
CREATE TRIGGER credit_analyses_no_update BEFORE UPDATE OR DELETE ON credit_analyses
  FOR EACH ROW EXECUTE FUNCTION fiado_refuse_change();
CREATE TRIGGER credit_analyses_no_truncate BEFORE TRUNCATE ON credit_analyses
  FOR EACH STATEMENT EXECUTE FUNCTION fiado_refuse_change();
