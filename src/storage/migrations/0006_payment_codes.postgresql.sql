-- Payment codes of installments (payments/codes.h): a sequence unique within the store,
-- given the first time a document needs it, from which come the Pix txid and the boleto's
-- nosso número. Append-only: a code, once printed on a slip, never changes.
-- PostgreSQL twin of 0006_payment_codes.sqlite.sql (COLLATE "C" ids, its own triggers).

CREATE TABLE payment_codes (
  store_id TEXT COLLATE "C" NOT NULL REFERENCES stores (id),
  sale_id TEXT COLLATE "C" NOT NULL,
  number INTEGER NOT NULL CHECK (number >= 1),
  sequence BIGINT NOT NULL CHECK (sequence >= 1),
  txid TEXT COLLATE "C" NOT NULL,
  issued_at TEXT NOT NULL,
  PRIMARY KEY (sale_id, number),
  UNIQUE (store_id, sequence),
  UNIQUE (store_id, txid),
  FOREIGN KEY (sale_id, number) REFERENCES installments (sale_id, number),
  FOREIGN KEY (sale_id, store_id) REFERENCES sales (id, store_id)
);

CREATE TRIGGER payment_codes_no_update BEFORE UPDATE OR DELETE ON payment_codes
  FOR EACH ROW EXECUTE FUNCTION fiado_refuse_change();
CREATE TRIGGER payment_codes_no_truncate BEFORE TRUNCATE ON payment_codes
  FOR EACH STATEMENT EXECUTE FUNCTION fiado_refuse_change();
