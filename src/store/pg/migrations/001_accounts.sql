-- Accounts (seed 002 `user` schema, seed 000 UserProfile, seed 001 CustomUser).
-- Mirrors store/sqlite/migrations/001_accounts.sql column for column.
-- Times are Unix seconds (bigint); NULL means "never".
-- Constraint names are part of the contract: pg/accounts.c maps them to conflict fields.

CREATE TABLE kv (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username            text NOT NULL,
    email               text NOT NULL CONSTRAINT users_email_key UNIQUE,
    first_name          text NOT NULL DEFAULT '',
    last_name           text NOT NULL DEFAULT '',
    password_hash       text NOT NULL,
    role                text NOT NULL DEFAULT 'member'
                        CHECK (role IN ('member', 'staff', 'admin')),
    is_active           boolean NOT NULL DEFAULT true,
    referral_code       text CONSTRAINT users_referral_code_key UNIQUE,
    created_at          bigint NOT NULL,
    password_changed_at bigint NOT NULL
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

CREATE TABLE profiles (
    user_id              bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    phone                text,
    telegram_username    text,
    telegram_chat_id     text,
    is_telegram_verified boolean NOT NULL DEFAULT false,
    telegram_verified_at bigint,
    has_children         boolean,
    plans_renovation     boolean,
    renovation_when      text CHECK (renovation_when IN
                             ('started', 'soon', 'within_six_months', 'within_a_year')),
    renovation_rooms     integer NOT NULL DEFAULT 0, -- bit set of enum room (core/account.h)
    newsletter           boolean NOT NULL DEFAULT false,
    consent_at           bigint NOT NULL,
    language             text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'uk', 'en')),
    extra                text -- seed 002 profiles.extra: free JSON, kept as text like SQLite
);

CREATE TABLE refresh_sessions (
    jti         text PRIMARY KEY,
    family      text NOT NULL,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  text NOT NULL UNIQUE,
    issued_at   bigint NOT NULL,
    expires_at  bigint NOT NULL,
    revoked_at  bigint,
    replaced_by text,
    user_agent  text,
    ip          text
);
CREATE INDEX refresh_sessions_family ON refresh_sessions (family);
CREATE INDEX refresh_sessions_user ON refresh_sessions (user_id);

CREATE TABLE recovery_codes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at    bigint
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL,
    prefix       text NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    scopes       integer NOT NULL, -- bit set of enum scope (core/account.h)
    created_at   bigint NOT NULL,
    expires_at   bigint,
    revoked_at   bigint,
    last_used_at bigint
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_user_id bigint,
    action        text NOT NULL,
    target_type   text,
    target_id     text,
    payload       text, -- a JSON object as text, returned byte for byte
    ip            text,
    created_at    bigint NOT NULL
);

CREATE TABLE throttle (
    key        text PRIMARY KEY,
    count      integer NOT NULL,
    window_end bigint NOT NULL
);
