-- System of record for plans, customers and admin access (SPEC §4, §6).
-- Times are DATETIME(3) in UTC, always written by the application (never the session time zone).

CREATE TABLE plans (
    name                 VARCHAR(64)  NOT NULL,
    threads              INT          NOT NULL DEFAULT 0,
    qps                  INT          NOT NULL DEFAULT 0,
    bandwidth_bps        BIGINT       NOT NULL DEFAULT 0,
    socket_bandwidth_bps BIGINT       NOT NULL DEFAULT 0,
    ip_threads           INT          NOT NULL DEFAULT 0,
    ip_qps               INT          NOT NULL DEFAULT 0,
    monthly_quota_bytes  BIGINT       NOT NULL DEFAULT 0,
    duration_days        INT          NOT NULL DEFAULT 30,
    price_cents          BIGINT       NOT NULL DEFAULT 0,
    created_at           DATETIME(3)  NOT NULL,
    updated_at           DATETIME(3)  NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE customers (
    username      VARCHAR(64)   NOT NULL,
    password_hash VARCHAR(255)  NOT NULL,
    api_key_hash  CHAR(64)      NOT NULL,
    plan          VARCHAR(64)   NOT NULL,
    expires_at    DATETIME(3)  NULL,
    status        VARCHAR(16)   NOT NULL DEFAULT 'active',
    ban_reason    VARCHAR(500)  NULL,
    banned_until  DATETIME(3)  NULL,
    note          VARCHAR(2000) NULL,
    created_at    DATETIME(3)  NOT NULL,
    updated_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (username),
    CONSTRAINT uk_customers_api_key UNIQUE (api_key_hash),
    CONSTRAINT fk_customers_plan FOREIGN KEY (plan) REFERENCES plans (name) ON UPDATE CASCADE ON DELETE RESTRICT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One CIDR belongs to at most one customer: the UNIQUE key is the final arbiter.
CREATE TABLE customer_ips (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    username   VARCHAR(64)  NOT NULL,
    cidr       VARCHAR(64)  NOT NULL,
    created_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_customer_ips_cidr UNIQUE (cidr),
    CONSTRAINT fk_customer_ips_customer FOREIGN KEY (username) REFERENCES customers (username) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE admin_tokens (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    name         VARCHAR(64)  NOT NULL,
    token_hash   CHAR(64)     NOT NULL,
    created_at   DATETIME(3)  NOT NULL,
    last_used_at DATETIME(3)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_admin_tokens_hash UNIQUE (token_hash)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE audit_log (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    at          DATETIME(3)  NOT NULL,
    actor       VARCHAR(128)  NOT NULL,
    action      VARCHAR(64)   NOT NULL,
    target      VARCHAR(255)  NULL,
    client_ip   VARCHAR(64)   NULL,
    before_json MEDIUMTEXT    NULL,
    after_json  MEDIUMTEXT    NULL,
    detail      VARCHAR(2000) NULL,
    PRIMARY KEY (id),
    KEY ix_audit_log_at (at),
    KEY ix_audit_log_target (target)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ip_bans (
    ip_or_cidr VARCHAR(64)   NOT NULL,
    reason     VARCHAR(500)  NULL,
    until      DATETIME(3)  NULL,
    created_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (ip_or_cidr)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
