-- Quota and expiry enforcement (SPEC §4): archived billing periods and the alerts already sent.
-- Times are DATETIME(3) in UTC, written by the application.

-- One row per customer per finished billing period, written by the leader's reset job.
-- bytes_used is what the quota ledger leased to nodes that period (an upper bound of the relayed bytes
-- by at most one unspent slice per node); the exact counters are the usage pipeline's.
CREATE TABLE usage_archive (
    username    VARCHAR(64)  NOT NULL,
    period      VARCHAR(16)  NOT NULL,
    bytes_used  BIGINT       NOT NULL,
    quota_bytes BIGINT       NOT NULL,
    archived_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (username, period)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Alerts sent once per customer per threshold: alert_key is the billing period (quota_80, quota_100)
-- or the expires_at instant (expiry_7d, expiry_1d), so an extension arms the expiry alerts again.
CREATE TABLE alerts_sent (
    username   VARCHAR(64)  NOT NULL,
    alert_type VARCHAR(32)  NOT NULL,
    alert_key  VARCHAR(64)  NOT NULL,
    sent_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (username, alert_type, alert_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
