-- Accounts (seed 002 `user` schema, seed 000 UserProfile, seed 001 CustomUser).
-- Times are Unix seconds; NULL means "never".

CREATE TABLE kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL,
    email               TEXT NOT NULL UNIQUE,
    first_name          TEXT NOT NULL DEFAULT '',
    last_name           TEXT NOT NULL DEFAULT '',
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL DEFAULT 'member'
                        CHECK (role IN ('member', 'staff', 'admin')),
    is_active           INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    referral_code       TEXT UNIQUE,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

CREATE TABLE profiles (
    user_id              INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    phone                TEXT,
    telegram_username    TEXT,
    telegram_chat_id     TEXT,
    is_telegram_verified INTEGER NOT NULL DEFAULT 0,
    telegram_verified_at INTEGER,
    has_children         INTEGER CHECK (has_children IN (0, 1)),
    plans_renovation     INTEGER CHECK (plans_renovation IN (0, 1)),
    renovation_when      TEXT CHECK (renovation_when IN
                             ('started', 'soon', 'within_six_months', 'within_a_year')),
    renovation_rooms     INTEGER NOT NULL DEFAULT 0, -- bit set, see docs/accounts.md
    newsletter           INTEGER NOT NULL DEFAULT 0,
    consent_at           INTEGER NOT NULL,
    language             TEXT NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'uk', 'en')),
    extra                TEXT -- seed 002 profiles.extra: free JSON
) STRICT;

CREATE TABLE refresh_sessions (
    jti         TEXT PRIMARY KEY,
    family      TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    replaced_by TEXT,
    user_agent  TEXT,
    ip          TEXT
) STRICT;
CREATE INDEX refresh_sessions_family ON refresh_sessions (family);
CREATE INDEX refresh_sessions_user ON refresh_sessions (user_id);

CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    scopes       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER,
    last_used_at INTEGER
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    actor_user_id INTEGER,
    action        TEXT NOT NULL,
    target_type   TEXT,
    target_id     TEXT,
    payload       TEXT,
    ip            TEXT,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE throttle (
    key        TEXT PRIMARY KEY,
    count      INTEGER NOT NULL,
    window_end INTEGER NOT NULL
) STRICT;
