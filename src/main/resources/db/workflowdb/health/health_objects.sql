-- Health objects the operator keeps in its own schema, for a DBA to use from psql:
--
--   SELECT * FROM workflowdb.database_health_check();          -- the seed guide's thresholds
--   SELECT * FROM workflowdb.database_health_check(100, 50000); -- other thresholds, in parameter order
--   SELECT * FROM workflowdb.slow_queries;                     -- only where pg_stat_statements is installed
--
-- They follow the seed guide's database_health_check() and slow_queries, fixed for PostgreSQL 13
-- and later (pg_stat_statements renamed total_time, mean_time and stddev_time to *_exec_time), with
-- no division by zero before the first block is read, and counting the statements of this database
-- only, as the operator's own health checks do. Runs in one transaction and may run again: every
-- statement replaces what an earlier run created. Names are schema-qualified; search_path does
-- not matter.

CREATE SCHEMA IF NOT EXISTS workflowdb;

CREATE OR REPLACE FUNCTION workflowdb.database_health_check(
    active_connections_warning numeric DEFAULT 50,
    database_size_mb_warning numeric DEFAULT 10000,
    slow_query_mean_ms numeric DEFAULT 1000,
    slow_queries_warning numeric DEFAULT 10,
    cache_hit_ratio_warning numeric DEFAULT 95)
RETURNS TABLE (metric_name text, metric_value numeric, status text, threshold numeric)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hits numeric;
    reads numeric;
    ratio numeric;
    stats_schema name;
BEGIN
    metric_name := 'active_connections';
    SELECT count(*) INTO metric_value FROM pg_stat_activity WHERE state = 'active';
    threshold := active_connections_warning;
    status := CASE WHEN metric_value > threshold THEN 'WARNING' ELSE 'OK' END;
    RETURN NEXT;

    metric_name := 'database_size_mb';
    metric_value := pg_database_size(current_database()) / (1024 * 1024);
    threshold := database_size_mb_warning;
    status := CASE WHEN metric_value > threshold THEN 'WARNING' ELSE 'OK' END;
    RETURN NEXT;

    -- pg_stat_statements is optional: read through dynamic SQL, so that this function exists
    -- without it, and in whichever schema the extension was created
    metric_name := 'slow_queries_count';
    metric_value := NULL;
    threshold := slow_queries_warning;
    SELECT n.nspname INTO stats_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements';
    IF stats_schema IS NOT NULL THEN
        BEGIN
            EXECUTE format('SELECT count(*) FROM %I.pg_stat_statements'
                           ' WHERE dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())'
                           ' AND mean_exec_time > $1', stats_schema)
               INTO metric_value USING slow_query_mean_ms;
        EXCEPTION WHEN OTHERS THEN
            -- not in shared_preload_libraries, an extension version older than 1.8, no privilege
            metric_value := NULL;
        END;
    END IF;
    status := CASE WHEN metric_value IS NULL THEN 'UNAVAILABLE' WHEN metric_value > threshold THEN 'WARNING' ELSE 'OK' END;
    RETURN NEXT;

    metric_name := 'cache_hit_ratio';
    SELECT d.blks_hit, d.blks_read INTO hits, reads FROM pg_stat_database d WHERE d.datname = current_database();
    ratio := 100.0 * hits / nullif(hits + reads, 0);
    metric_value := round(ratio, 2);
    threshold := cache_hit_ratio_warning;
    -- no block read yet: nothing missed the cache
    status := CASE WHEN ratio < threshold THEN 'WARNING' ELSE 'OK' END;
    RETURN NEXT;
END;
$$;

COMMENT ON FUNCTION workflowdb.database_health_check(numeric, numeric, numeric, numeric, numeric) IS
    'Active connections, database size in MB, slow statements of this database (UNAVAILABLE without pg_stat_statements) and cache hit ratio, each against its threshold. Installed by workflowdb-operator.';

-- The view reads pg_stat_statements directly, so it exists only where the extension does (with
-- the *_exec_time columns of version 1.8 and later). Dropping the extension needs CASCADE and
-- drops the view; the operator creates it again once the extension is back.
DO $$
DECLARE
    stats_schema name;
BEGIN
    SELECT n.nspname INTO stats_schema
      FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements';
    IF stats_schema IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                    WHERE attrelid = pg_catalog.format('%I.pg_stat_statements', stats_schema)::regclass
                      AND attname = 'mean_exec_time' AND NOT attisdropped) THEN
        RAISE NOTICE 'workflowdb.slow_queries not created: pg_stat_statements is older than version 1.8';
        RETURN;
    END IF;
    EXECUTE pg_catalog.format($view$
        CREATE OR REPLACE VIEW workflowdb.slow_queries AS
        SELECT query, calls, total_exec_time, mean_exec_time, stddev_exec_time, rows,
               100.0 * shared_blks_hit / nullif(shared_blks_hit + shared_blks_read, 0) AS hit_percent
          FROM %I.pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
           AND mean_exec_time > 100
         ORDER BY mean_exec_time DESC
        $view$, stats_schema);
    COMMENT ON VIEW workflowdb.slow_queries IS
        'Statements of this database whose mean execution time is over 100 ms, slowest first. Installed by workflowdb-operator.';
END;
$$;

COMMENT ON SCHEMA workflowdb IS 'workflowdb-operator health objects v1';
