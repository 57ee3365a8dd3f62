-- The tenant and the audit log. Common dialect of SQLite and PostgreSQL: TEXT for ids
-- (UUIDv7), instants (RFC 3339 UTC) and JSON; INTEGER/BIGINT for counts and centavos.

CREATE TABLE stores (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL CHECK (store_id = id),  -- every table carries store_id
  name TEXT NOT NULL,
  legal_id TEXT NOT NULL,                        -- CNPJ (14 chars) or CPF (11 digits)
  legal_id_kind TEXT NOT NULL CHECK (legal_id_kind IN ('cnpj', 'cpf')),
  street TEXT NOT NULL DEFAULT '',
  street_number TEXT NOT NULL DEFAULT '',
  complement TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL,
  state TEXT NOT NULL,                           -- UF
  postal_code TEXT NOT NULL DEFAULT '',          -- CEP, 8 digits
  phone TEXT NOT NULL DEFAULT '',                -- E.164
  email TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT 'America/Sao_Paulo',
  pix_key TEXT NOT NULL DEFAULT '',
  settings TEXT NOT NULL DEFAULT '{}',           -- JSON
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX stores_legal_id ON stores (legal_id);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,                           -- UUIDv7: time-ordered
  store_id TEXT NOT NULL REFERENCES stores (id),
  occurred_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  before_state TEXT,                             -- JSON, NULL on create
  after_state TEXT,                              -- JSON, NULL on removal
  request_id TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_entity ON audit_log (store_id, entity_type, entity_id, id);
