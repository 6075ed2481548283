-- Signing tokens already used (21 CFR 11.200: re-authentication at each signing). A signing
-- token (its jti) signs one event only; the row keeps which event (id and bytes), by whom and when. Ingest's own
-- bookkeeping beside the MES master data; not captured by CDC (the publication names
-- route_revision only).
CREATE TABLE mes.used_signing_token (
    jti      text        PRIMARY KEY,
    subject  text        NOT NULL,
    event_id uuid        NOT NULL,
    -- SHA-256 (hex) of the signed event's bytes as sent: a retry must send the very same event.
    event_sha256 text    NOT NULL,
    used_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE mes.used_signing_token IS
    'Signing tokens (jti) already used for an electronic signature; single use, kept durably.';
