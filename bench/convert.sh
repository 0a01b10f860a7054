#!/usr/bin/env bash
# Prints what converting populated, unpartitioned workflow_events (range, monthly) and
# task_executions (hash, modulus 8) into partitioned tables online costs, next to a plain
# INSERT ... SELECT into a fresh partitioned table, while a writer commits 100 rows a second.
# Default 10,000,000 rows in each table; pass fewer for a quick run: bench/convert.sh 200000
# (a second count sets task_executions apart). --jdbc-url URL runs it on a server of your own,
# --debian on Debian's installed PostgreSQL; by default on the embedded PostgreSQL 17.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Djava.io.tmpdir="$PWD/target/tmp" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.workflowdb.operator.bench.ConvertBenchmark "$@"
