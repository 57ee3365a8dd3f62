-- Payment codes of installments (payments/codes.h): a sequence unique within the store,
-- given the first time a document needs it, from which come the Pix txid and the boleto's
-- nosso número. Append-only: a code, once printed on a slip, never changes.
-- SQLite twin of 0006_payment_codes.postgresql.sql.

CREATE TABLE payment_codes (
  store_id TEXT NOT NULL REFERENCES stores (id),
  sale_id TEXT NOT NULL,
  number INTEGER NOT NULL CHECK (number >= 1),
  sequence BIGINT NOT NULL CHECK (sequence >= 1),
  txid TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  PRIMARY KEY (sale_id, number),
  UNIQUE (store_id, sequence),
  UNIQUE (store_id, txid),
  FOREIGN KEY (sale_id, number) REFERENCES installments (sale_id, number),
  FOREIGN KEY (sale_id, store_id) REFERENCES sales (id, store_id)
);

CREATE TRIGGER payment_codes_no_update BEFORE UPDATE ON payment_codes
BEGIN SELECT RAISE(ABORT, 'payment_codes is append-only'); END;
CREATE TRIGGER payment_codes_no_delete BEFORE DELETE ON payment_codes
BEGIN SELECT RAISE(ABORT, 'payment_codes is append-only'); END;
