-- Customers (clientes) of a store and the words and digits their search matches by prefix.
-- PostgreSQL twin of 0003_customers.sqlite.sql: the same tables, with COLLATE "C" on the
-- sorted and prefix-matched columns so they compare bytes as SQLite does, whatever the
-- database's locale (keyset pages and term ranges must agree on one order).
-- References, guarantor, phones and consents are JSON text, read and written whole.

CREATE TABLE customers (
  id TEXT COLLATE "C" PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  cpf TEXT NOT NULL,                             -- 11 digits
  full_name TEXT NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL,            -- SearchKey(full_name): sorting by name
  birth_date TEXT,                               -- AAAA-MM-DD
  phones TEXT NOT NULL DEFAULT '[]',             -- JSON array of E.164, the main one first
  email TEXT NOT NULL DEFAULT '',
  street TEXT NOT NULL DEFAULT '',
  street_number TEXT NOT NULL DEFAULT '',
  complement TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT '',                -- UF or ''
  postal_code TEXT NOT NULL DEFAULT '',          -- CEP, 8 digits or ''
  monthly_income_cents BIGINT CHECK (monthly_income_cents >= 0),
  occupation TEXT NOT NULL DEFAULT '',
  employer TEXT NOT NULL DEFAULT '',
  personal_references TEXT NOT NULL DEFAULT '[]',  -- JSON [{name, phone, relation}]
  guarantor TEXT,                                -- JSON {name, cpf, phone} or NULL
  consents TEXT NOT NULL,                        -- JSON [{channel, granted, recorded_at, source}]
  notes TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('active', 'blocked')),
  blocked_reason TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (store_id, cpf),
  CHECK ((status = 'blocked') = (blocked_reason <> ''))
);

CREATE INDEX customers_by_name ON customers (store_id, name_key, id);
CREATE INDEX customers_by_created ON customers (store_id, created_at, id);

-- SearchTermsOf(customer), rewritten with every change of the customer.
CREATE TABLE customer_search_terms (
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
  term TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (store_id, customer_id, term)
);

CREATE INDEX customer_search_terms_by_term ON customer_search_terms (store_id, term);
