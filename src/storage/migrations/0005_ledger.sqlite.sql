-- The ledger: credit decisions, sales on installments, payments with their allocation,
-- reversals and installment closures; and the customer's credit limit.
-- SQLite twin of 0005_ledger.postgresql.sql: the same tables, but PostgreSQL needs COLLATE
-- "C" on ids and its own triggers. Money in *_cents (BIGINT), rates in *_units (BIGINT,
-- core::Rate units: 1e8 = 100 %), dates ISO AAAA-MM-DD, instants RFC 3339 UTC.
-- Every ledger table is append-only (triggers below) and carries store_id and customer_id;
-- composite foreign keys keep a row and what it names in one store. `seq` numbers the
-- sales and the payments of one customer in recording order (1, 2, ...).

ALTER TABLE customers ADD COLUMN credit_limit_cents BIGINT NOT NULL DEFAULT 0
  CHECK (credit_limit_cents >= 0);
ALTER TABLE customers ADD COLUMN credit_limit_reason TEXT NOT NULL DEFAULT '';

-- Lets ledger rows name a customer together with its store.
CREATE UNIQUE INDEX customers_id_store ON customers (id, store_id);

CREATE TABLE credit_decisions (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  customer_status TEXT NOT NULL CHECK (customer_status IN ('active', 'blocked')),
  credit_limit_cents BIGINT NOT NULL CHECK (credit_limit_cents >= 0),
  open_cents BIGINT NOT NULL CHECK (open_cents >= 0),
  requested_cents BIGINT NOT NULL CHECK (requested_cents >= 0),
  outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'refused', 'overridden')),
  reasons TEXT NOT NULL DEFAULT '[]',            -- JSON array of Portuguese texts
  override_reason TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL,                      -- actor text
  decided_at TEXT NOT NULL,
  UNIQUE (id, store_id),
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id)
);

CREATE INDEX credit_decisions_by_customer
  ON credit_decisions (store_id, customer_id, decided_at, id);

CREATE TABLE sales (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  description TEXT NOT NULL,
  sale_date TEXT NOT NULL,
  down_payment_method TEXT NOT NULL CHECK (down_payment_method IN
    ('cash', 'debit_card', 'credit_card', 'pix', 'boleto', 'transfer', 'credit')),
  due_day INTEGER CHECK (due_day BETWEEN 1 AND 31),
  price_cents BIGINT NOT NULL CHECK (price_cents > 0),
  down_payment_cents BIGINT NOT NULL CHECK (down_payment_cents >= 0),
  financed_cents BIGINT NOT NULL CHECK (financed_cents >= 0),
  monthly_rate_units BIGINT NOT NULL CHECK (monthly_rate_units >= 0),
  annual_rate_units BIGINT NOT NULL CHECK (annual_rate_units >= 0),
  cet_annual_units BIGINT,                       -- NULL when not computed
  late_fee_rate_units BIGINT NOT NULL CHECK (late_fee_rate_units >= 0),
  moratory_monthly_rate_units BIGINT NOT NULL CHECK (moratory_monthly_rate_units >= 0),
  installment_count INTEGER NOT NULL CHECK (installment_count >= 1),
  installment_amount_cents BIGINT NOT NULL CHECK (installment_amount_cents > 0),
  last_installment_amount_cents BIGINT NOT NULL CHECK (last_installment_amount_cents > 0),
  total_with_financing_cents BIGINT NOT NULL CHECK (total_with_financing_cents > 0),
  total_without_financing_cents BIGINT NOT NULL CHECK (total_without_financing_cents > 0),
  total_interest_cents BIGINT NOT NULL CHECK (total_interest_cents >= 0),
  credit_decision_id TEXT NOT NULL,
  idempotency_key TEXT,                          -- NULL when the request carried none
  request_digest TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,                      -- actor text
  CHECK (down_payment_cents + financed_cents = price_cents),
  UNIQUE (id, store_id),
  UNIQUE (store_id, idempotency_key),
  UNIQUE (store_id, customer_id, seq),           -- also the index that loads a book
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id),
  FOREIGN KEY (credit_decision_id, store_id) REFERENCES credit_decisions (id, store_id)
);

CREATE TABLE installments (
  sale_id TEXT NOT NULL,
  number INTEGER NOT NULL CHECK (number >= 1),
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  due_date TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
  interest_cents BIGINT NOT NULL CHECK (interest_cents >= 0),
  amortization_cents BIGINT NOT NULL CHECK (amortization_cents >= 0),
  CHECK (interest_cents + amortization_cents = amount_cents),
  PRIMARY KEY (sale_id, number),
  FOREIGN KEY (sale_id, store_id) REFERENCES sales (id, store_id),
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id)
);

CREATE INDEX installments_by_customer ON installments (store_id, customer_id, sale_id, number);
CREATE INDEX installments_by_due_date ON installments (store_id, due_date);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  paid_on TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),  -- cash received
  method TEXT NOT NULL CHECK (method IN
    ('cash', 'debit_card', 'credit_card', 'pix', 'boleto', 'transfer', 'credit')),
  credit_change_cents BIGINT NOT NULL DEFAULT 0, -- > 0 credit kept, < 0 credit used
  down_payment_of TEXT,                          -- the sale, for a down payment
  idempotency_key TEXT,                          -- NULL when the request carried none
  request_digest TEXT NOT NULL DEFAULT '',       -- '' for a down payment
  memo TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,                     -- actor text
  UNIQUE (id, store_id),
  UNIQUE (store_id, idempotency_key),
  UNIQUE (store_id, customer_id, seq),           -- also the index that loads a book
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id),
  FOREIGN KEY (down_payment_of, store_id) REFERENCES sales (id, store_id)
);

CREATE TABLE payment_lines (
  payment_id TEXT NOT NULL,
  line_number INTEGER NOT NULL CHECK (line_number >= 1),  -- the allocation's order
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  sale_id TEXT NOT NULL,
  installment_number INTEGER NOT NULL,
  late_fee_cents BIGINT NOT NULL CHECK (late_fee_cents >= 0),
  interest_cents BIGINT NOT NULL CHECK (interest_cents >= 0),
  principal_cents BIGINT NOT NULL CHECK (principal_cents >= 0),
  discount_cents BIGINT NOT NULL CHECK (discount_cents >= 0),
  PRIMARY KEY (payment_id, line_number),
  FOREIGN KEY (payment_id, store_id) REFERENCES payments (id, store_id),
  FOREIGN KEY (sale_id, installment_number) REFERENCES installments (sale_id, number)
);

CREATE INDEX payment_lines_by_customer ON payment_lines (store_id, customer_id, payment_id);

CREATE TABLE payment_reversals (
  payment_id TEXT PRIMARY KEY,                   -- a payment is reversed at most once
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  reversed_on TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  FOREIGN KEY (payment_id, store_id) REFERENCES payments (id, store_id)
);

CREATE INDEX payment_reversals_by_customer ON payment_reversals (store_id, customer_id);

CREATE TABLE installment_closures (
  sale_id TEXT NOT NULL,
  installment_number INTEGER NOT NULL,
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('renegotiated', 'written_off')),
  closed_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  PRIMARY KEY (sale_id, installment_number),     -- an installment is closed at most once
  FOREIGN KEY (sale_id, installment_number) REFERENCES installments (sale_id, number)
);

CREATE INDEX installment_closures_by_customer ON installment_closures (store_id, customer_id);

-- Financial history is append-only: the database itself refuses to change or remove it.
CREATE TRIGGER credit_decisions_no_update BEFORE UPDATE ON credit_decisions
BEGIN SELECT RAISE(ABORT, 'credit_decisions is append-only'); END;
CREATE TRIGGER credit_decisions_no_delete BEFORE DELETE ON credit_decisions
BEGIN SELECT RAISE(ABORT, 'credit_decisions is append-only'); END;

CREATE TRIGGER sales_no_update BEFORE UPDATE ON sales
BEGIN SELECT RAISE(ABORT, 'sales is append-only'); END;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
BEGIN SELECT RAISE(ABORT, 'sales is append-only'); END;

CREATE TRIGGER installments_no_update BEFORE UPDATE ON installments
BEGIN SELECT RAISE(ABORT, 'installments is append-only'); END;
CREATE TRIGGER installments_no_delete BEFORE DELETE ON installments
BEGIN SELECT RAISE(ABORT, 'installments is append-only'); END;

CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'payments is append-only'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments is append-only'); END;

CREATE TRIGGER payment_lines_no_update BEFORE UPDATE ON payment_lines
BEGIN SELECT RAISE(ABORT, 'payment_lines is append-only'); END;
CREATE TRIGGER payment_lines_no_delete BEFORE DELETE ON payment_lines
BEGIN SELECT RAISE(ABORT, 'payment_lines is append-only'); END;

CREATE TRIGGER payment_reversals_no_update BEFORE UPDATE ON payment_reversals
BEGIN SELECT RAISE(ABORT, 'payment_reversals is append-only'); END;
CREATE TRIGGER payment_reversals_no_delete BEFORE DELETE ON payment_reversals
BEGIN SELECT RAISE(ABORT, 'payment_reversals is append-only'); END;

CREATE TRIGGER installment_closures_no_update BEFORE UPDATE ON installment_closures
BEGIN SELECT RAISE(ABORT, 'installment_closures is append-only'); END;
CREATE TRIGGER installment_closures_no_delete BEFORE DELETE ON installment_closures
BEGIN SELECT RAISE(ABORT, 'installment_closures is append-only'); END;
