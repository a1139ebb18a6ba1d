-- The four plans of SPEC §4 (editable afterwards). 1 GiB = 1073741824 bytes; 0 = unlimited.
INSERT INTO plans (name, threads, qps, bandwidth_bps, socket_bandwidth_bps, ip_threads, ip_qps,
                   monthly_quota_bytes, duration_days, price_cents, created_at, updated_at) VALUES
    ('Basic',      10,  0, 0, 0, 0, 0,   1073741824, 30,  1000, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)),
    ('Pro',        50,  0, 0, 0, 0, 0,  10737418240, 30,  5000, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)),
    ('Enterprise', 200, 0, 0, 0, 0, 0, 107374182400, 30, 20000, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)),
    ('Custom',     0,   0, 0, 0, 0, 0,            0, 30, 50000, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3));
