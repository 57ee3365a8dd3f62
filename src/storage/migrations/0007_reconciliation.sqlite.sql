-- Reconciliation (reconciliation/model.h): imports of bank files, the bank events they and
-- the Pix notifications carry (one per idempotency key), the queue of what a person must
-- settle and its resolutions, and the Pix providers' webhooks. Events, queue items and
-- resolutions are append-only; a webhook is only ever revoked.

CREATE TABLE bank_imports (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  bank_code TEXT NOT NULL,
  agreement TEXT NOT NULL,
  duplicate_of TEXT,
  refused INTEGER NOT NULL CHECK (refused IN (0, 1)),
  problems TEXT NOT NULL,                 -- one "line\tfield\tmessage" a line
  records BIGINT NOT NULL,
  posted BIGINT NOT NULL,
  already_imported BIGINT NOT NULL,
  queued BIGINT NOT NULL,
  registered BIGINT NOT NULL,
  registration_rejected BIGINT NOT NULL,
  reversed BIGINT NOT NULL,
  informational BIGINT NOT NULL,
  posted_cents BIGINT NOT NULL,
  already_imported_cents BIGINT NOT NULL,
  queued_cents BIGINT NOT NULL,
  fee_cents BIGINT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  started_by TEXT NOT NULL
);
CREATE INDEX bank_imports_by_store ON bank_imports (store_id, started_at);
CREATE INDEX bank_imports_by_sha ON bank_imports (store_id, file_sha256);

-- Statement matching reads what each installment's payments settled.
CREATE INDEX payment_lines_by_installment ON payment_lines (sale_id, installment_number);

CREATE TABLE bank_events (
  store_id TEXT NOT NULL REFERENCES stores (id),
  event_key TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('cnab', 'pix', 'statement')),
  import_id TEXT NOT NULL,                -- '' for notifications
  line BIGINT NOT NULL,
  reference TEXT NOT NULL,
  occurrence TEXT NOT NULL,
  occurred_on TEXT,
  paid_cents BIGINT NOT NULL,
  fee_cents BIGINT NOT NULL,
  charges_cents BIGINT NOT NULL,
  face_cents BIGINT NOT NULL,
  payer_name TEXT NOT NULL,
  detail TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('posted', 'queued', 'registered',
    'registration_rejected', 'reversed', 'informational', 'already_imported')),
  sale_id TEXT,
  installment INTEGER,
  payment_id TEXT,
  note TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (store_id, event_key)
);
CREATE INDEX bank_events_by_import ON bank_events (store_id, import_id, line);
CREATE INDEX bank_events_by_reference ON bank_events (store_id, reference);

CREATE TABLE reconciliation_items (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  event_key TEXT NOT NULL,
  reason TEXT NOT NULL,
  import_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (store_id, event_key),
  FOREIGN KEY (store_id, event_key) REFERENCES bank_events (store_id, event_key)
);
CREATE INDEX reconciliation_items_by_store ON reconciliation_items (store_id, created_at);

CREATE TABLE reconciliation_resolutions (
  item_id TEXT PRIMARY KEY REFERENCES reconciliation_items (id),
  action TEXT NOT NULL CHECK (action IN ('assigned', 'dismissed')),
  sale_id TEXT,
  installment INTEGER,
  payment_id TEXT,
  reason TEXT NOT NULL,
  resolved_at TEXT NOT NULL,
  resolved_by TEXT NOT NULL
);

CREATE TABLE pix_webhooks (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  provider TEXT NOT NULL,
  auth TEXT NOT NULL CHECK (auth IN ('token', 'hmac-sha256')),
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX pix_webhooks_by_store ON pix_webhooks (store_id);

CREATE TRIGGER bank_events_no_update BEFORE UPDATE ON bank_events
BEGIN SELECT RAISE(ABORT, 'bank_events is append-only'); END;
CREATE TRIGGER bank_events_no_delete BEFORE DELETE ON bank_events
BEGIN SELECT RAISE(ABORT, 'bank_events is append-only'); END;
CREATE TRIGGER reconciliation_items_no_update BEFORE UPDATE ON reconciliation_items
BEGIN SELECT RAISE(ABORT, 'reconciliation_items is append-only'); END;
CREATE TRIGGER reconciliation_items_no_delete BEFORE DELETE ON reconciliation_items
BEGIN SELECT RAISE(ABORT, 'reconciliation_items is append-only'); END;
CREATE TRIGGER reconciliation_resolutions_no_update BEFORE UPDATE ON reconciliation_resolutions
BEGIN SELECT RAISE(ABORT, 'reconciliation_resolutions is append-only'); END;
CREATE TRIGGER reconciliation_resolutions_no_delete BEFORE DELETE ON reconciliation_resolutions
BEGIN SELECT RAISE(ABORT, 'reconciliation_resolutions is append-only'); END;
