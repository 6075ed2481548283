-- Route master data of the MES (schema mes): products, route revisions with their life cycle,
-- ordered steps and what each step must capture. ingest publishes a revision to trace.routes.v1
-- (Debezium CDC of route_revision) when its status becomes RELEASED.
-- Durations are in milliseconds, as in the Avro Route.

CREATE TABLE product (
    product_id   text PRIMARY KEY,
    name         text NOT NULL,
    description  text
);

CREATE TABLE route_revision (
    product_id           text        NOT NULL REFERENCES product (product_id),
    revision             text        NOT NULL,
    status               text        NOT NULL DEFAULT 'DRAFT'
                                     CHECK (status IN ('DRAFT', 'RELEASED', 'OBSOLETE')),
    released_at          timestamptz,
    max_entry_lag_ms     bigint      NOT NULL CHECK (max_entry_lag_ms > 0),
    changed_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, revision),
    CHECK ((status = 'DRAFT') = (released_at IS NULL))
);

-- At most one RELEASED revision per product: releasing B means obsoleting A in the same transaction.
CREATE UNIQUE INDEX route_revision_one_released
    ON route_revision (product_id) WHERE status = 'RELEASED';

CREATE TABLE route_step (
    product_id                      text    NOT NULL,
    revision                        text    NOT NULL,
    step_id                         text    NOT NULL,
    sequence                        integer NOT NULL CHECK (sequence >= 1),
    name                            text    NOT NULL,
    max_duration_ms                 bigint  CHECK (max_duration_ms > 0),
    min_wait_after_previous_ms      bigint  CHECK (min_wait_after_previous_ms > 0),
    max_wait_after_previous_ms      bigint  CHECK (max_wait_after_previous_ms > 0),
    PRIMARY KEY (product_id, revision, step_id),
    UNIQUE (product_id, revision, sequence),
    FOREIGN KEY (product_id, revision) REFERENCES route_revision (product_id, revision)
);

CREATE TABLE step_scan (
    product_id  text    NOT NULL,
    revision    text    NOT NULL,
    step_id     text    NOT NULL,
    part        text    NOT NULL,
    tracking    text    NOT NULL CHECK (tracking IN ('SERIALIZED', 'LOT')),
    qty         integer NOT NULL CHECK (qty >= 1),
    PRIMARY KEY (product_id, revision, step_id, part),
    FOREIGN KEY (product_id, revision, step_id) REFERENCES route_step (product_id, revision, step_id),
    CHECK (tracking = 'LOT' OR qty = 1)
);

CREATE TABLE step_measurement (
    product_id      text    NOT NULL,
    revision        text    NOT NULL,
    step_id         text    NOT NULL,
    characteristic  text    NOT NULL,
    unit            text    NOT NULL,
    lsl             numeric,
    usl             numeric,
    source          text    NOT NULL CHECK (source IN ('DEVICE', 'MANUAL', 'ANY')),
    PRIMARY KEY (product_id, revision, step_id, characteristic),
    FOREIGN KEY (product_id, revision, step_id) REFERENCES route_step (product_id, revision, step_id),
    CHECK (lsl IS NOT NULL OR usl IS NOT NULL),
    CHECK (lsl IS NULL OR usl IS NULL OR lsl <= usl)
);

CREATE TABLE step_signature (
    product_id  text NOT NULL,
    revision    text NOT NULL,
    step_id     text NOT NULL,
    meaning     text NOT NULL,
    role        text NOT NULL,
    PRIMARY KEY (product_id, revision, step_id, meaning, role),
    FOREIGN KEY (product_id, revision, step_id) REFERENCES route_step (product_id, revision, step_id)
);
