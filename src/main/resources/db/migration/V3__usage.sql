-- Usage counters of the current billing period (SPEC §5), written behind from the Hazelcast maps
-- "usage" and "port_usage" by io.proxysaas.usage.SqlUsageMapStore / SqlPortUsageMapStore.
-- period is the BillingPeriod key (YYYY-MM); updated_at is UTC, written by the application.

-- One row per customer: the counters of the period the customer last had traffic in. The quota
-- reset archives and resets it; a newer period's first increment starts the counters afresh.
CREATE TABLE usage_current (
    username    VARCHAR(64)  NOT NULL,
    period      CHAR(7)      NOT NULL,
    bytes_in    BIGINT       NOT NULL DEFAULT 0,
    bytes_out   BIGINT       NOT NULL DEFAULT 0,
    connections BIGINT       NOT NULL DEFAULT 0,
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Bytes per relay port (upstream) per period: a row per port and month, so it doubles as history.
CREATE TABLE port_usage (
    port       INT          NOT NULL,
    period     CHAR(7)      NOT NULL,
    bytes_in   BIGINT       NOT NULL DEFAULT 0,
    bytes_out  BIGINT       NOT NULL DEFAULT 0,
    updated_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (port, period)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
