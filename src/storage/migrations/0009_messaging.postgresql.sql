-- The outbox (messaging/repository.h): each shop's channel settings (configuration,
-- versioned, changed with an audit entry); the messages, one row each holding the queue's
-- current state; their append-only timeline; and what providers and customers sent back
-- (append-only). PostgreSQL twin of 0009_messaging.sqlite.sql (COLLATE "C" ids and the
-- instants that are compared or sorted, its own triggers). Instants RFC 3339 UTC (so text
-- order is time order); empty text, not NULL, for an absent text value.

CREATE TABLE messaging_settings (
  store_id TEXT PRIMARY KEY REFERENCES stores (id),
  settings TEXT NOT NULL,                        -- JSON of MessagingSettings, secrets included
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL                       -- actor text
);

CREATE TABLE messages (
  id TEXT COLLATE "C" PRIMARY KEY,               -- a collection message: its action's id
  store_id TEXT NOT NULL REFERENCES stores (id),
  customer_id TEXT COLLATE "C",                  -- NULL: a test message
  source TEXT NOT NULL CHECK (source IN ('collection', 'test', 'opt_out_confirmation')),
  channel TEXT NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email')),
  recipient TEXT NOT NULL,                       -- empty until sent, for a collection message
  template_key TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read',
    'failed', 'cancelled', 'uncertain', 'manual')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  next_attempt_at TEXT COLLATE "C" NOT NULL,
  lease_until TEXT COLLATE "C",                  -- while sending
  attempt_started_at TEXT,                       -- this claim's attempt began (MarkAttempt)
  provider_id TEXT COLLATE "C" NOT NULL,
  last_error TEXT NOT NULL,
  unsubscribe_token TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT,
  sent_by TEXT NOT NULL,
  UNIQUE (id, store_id),
  FOREIGN KEY (customer_id, store_id) REFERENCES customers (id, store_id)
);

-- The worker's claims (queued, oldest due first; id breaks ties without a sort) and its
-- expired leases (sending). Only those two states: the index stays the size of the live
-- queue, and a sent message's later changes never touch it.
CREATE INDEX messages_due ON messages (status, next_attempt_at, id)
  WHERE status = 'queued' OR status = 'sending';
-- Lists, newest first (created_at DESC, id DESC): by store, by customer, by status.
CREATE INDEX messages_by_store ON messages (store_id, created_at, id);
CREATE INDEX messages_by_customer ON messages (store_id, customer_id, created_at, id);
CREATE INDEX messages_by_status ON messages (store_id, status, created_at, id);
CREATE INDEX messages_by_provider_id ON messages (store_id, channel, provider_id)
  WHERE provider_id <> '';
CREATE UNIQUE INDEX messages_by_unsubscribe_token ON messages (unsubscribe_token)
  WHERE unsubscribe_token <> '';

-- A message's timeline; `seq` orders events of the same instant.
CREATE TABLE message_events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id TEXT COLLATE "C" NOT NULL,
  store_id TEXT NOT NULL REFERENCES stores (id),
  at TEXT COLLATE "C" NOT NULL,
  status TEXT NOT NULL,
  detail TEXT NOT NULL,
  actor TEXT NOT NULL,
  FOREIGN KEY (message_id, store_id) REFERENCES messages (id, store_id)
);

CREATE INDEX message_events_by_message ON message_events (message_id, at, seq);

-- Webhooks, receipts and replies as received, with what Fiado did with each.
CREATE TABLE message_inbound (
  id TEXT COLLATE "C" PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  channel TEXT NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email')),
  received_at TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,                            -- "status", "reply", "unsubscribe"
  sender TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  text TEXT NOT NULL,
  outcome TEXT NOT NULL                          -- "applied", "unknown_message", ...
);

CREATE INDEX message_inbound_by_store ON message_inbound (store_id, received_at);

-- History is append-only: the database itself refuses to change or remove it
-- (fiado_refuse_change comes from 0002).
CREATE TRIGGER message_events_no_update BEFORE UPDATE OR DELETE ON message_events
  FOR EACH ROW EXECUTE FUNCTION fiado_refuse_change();
CREATE TRIGGER message_events_no_truncate BEFORE TRUNCATE ON message_events
  FOR EACH STATEMENT EXECUTE FUNCTION fiado_refuse_change();
CREATE TRIGGER message_inbound_no_update BEFORE UPDATE OR DELETE ON message_inbound
  FOR EACH ROW EXECUTE FUNCTION fiado_refuse_change();
CREATE TRIGGER message_inbound_no_truncate BEFORE TRUNCATE ON message_inbound
  FOR EACH STATEMENT EXECUTE FUNCTION fiado_refuse_change();
