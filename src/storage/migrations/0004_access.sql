-- Access: staff users, sign-in sessions, API keys and the failed sign-ins that throttle
-- password guessing. Common dialect of SQLite and PostgreSQL. Secrets are never stored in
-- clear: passwords as argon2id strings, session tokens and API keys as BLAKE2b digests.
-- Instants are RFC 3339 UTC text of one fixed width, so they compare correctly as text.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  email TEXT NOT NULL,                           -- lower case; the sign-in name
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'clerk', 'collector', 'viewer')),
  password_hash TEXT NOT NULL,                   -- argon2id; never in audit snapshots
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),  -- deactivated, never deleted
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (id, store_id)                          -- lets sessions and keys name both
);

-- Unique in the whole installation, not per store: signing in knows only the e-mail.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_store ON users (store_id, name, id);

CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,                 -- digest of the cookie's token
  store_id TEXT NOT NULL REFERENCES stores (id),
  user_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,                               -- NULL while open
  address TEXT NOT NULL DEFAULT '',              -- remote address at sign-in
  FOREIGN KEY (user_id, store_id) REFERENCES users (id, store_id)
);

CREATE INDEX sessions_user ON sessions (store_id, user_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('clerk', 'collector', 'viewer')),  -- never owner
  prefix TEXT NOT NULL,                          -- first characters of the secret, for lists
  secret_digest TEXT NOT NULL UNIQUE,            -- digest of the secret; never in snapshots
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,                               -- NULL while valid; the row stays
  last_used_at TEXT,
  FOREIGN KEY (created_by, store_id) REFERENCES users (id, store_id)
);

CREATE INDEX api_keys_store ON api_keys (store_id, created_at, id);

-- Failed sign-ins, by key: "account:<email>" or "address:<ip>". The one table without
-- store_id: a failed sign-in belongs to no store yet (its e-mail may not even exist).
CREATE TABLE login_failures (
  id TEXT PRIMARY KEY,                           -- UUIDv7
  failure_key TEXT NOT NULL,
  failed_at TEXT NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (failure_key, failed_at);
CREATE INDEX login_failures_at ON login_failures (failed_at);
