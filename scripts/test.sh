#!/bin/sh
# test.sh - run every suite against built trees (make test builds them first):
#   unit tests; the store suite and the HTTP suites on SQLite and on a throwaway PostgreSQL
#   cluster; all of it again with the ASan+UBSan build; the OpenAPI lint; the style gates.
# Ends with one line "test: N passed, M failed" and exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
broken=""
logdir=$(mktemp -d /tmp/boxoffice-tests.XXXXXX)
pgroot=$(mktemp -d /tmp/boxoffice-pg.XXXXXX)
chmod 755 "$pgroot"

cleanup() {
    scripts/pg-cluster stop "$pgroot/cluster" >/dev/null 2>&1 || true
    rm -rf "$pgroot"
}
trap cleanup EXIT INT TERM

# suite LABEL COMMAND... : run a Criterion binary, add up its synthesis line.
suite() {
    label=$1
    shift
    case $1 in
    *.d) return 0 ;; # the compiler's dependency lists live beside the test binaries
    esac
    log="$logdir/$(echo "$label" | tr ' /' '__').log"
    "$@" -j2 >"$log" 2>&1
    rc=$?
    line=$(grep 'Synthesis:' "$log" | tail -n 1)
    p=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
    f=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
    if [ -z "$p" ]; then
        p=0
        f=1
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    printf '  %-44s %s\n' "$label" "${line#*Synthesis: }"
    if [ "$f" -ne 0 ]; then
        broken="$broken $label"
        grep -v '^\[----\]   $' "$log" | tail -n 40
        # The first failures again at the very end, where a truncated CI log still shows them.
        { echo "$label:"; grep -E '\[FAIL\]|: (Assertion|Unexpected|The test)' "$log" | head -n 6; } >>"$logdir/summary"
    fi
}

# check LABEL COMMAND... : a gate that passes or fails as a whole.
check() {
    label=$1
    shift
    if "$@" >"$logdir/gate.log" 2>&1; then
        passed=$((passed + 1))
        printf '  %-44s ok\n' "$label"
    else
        failed=$((failed + 1))
        broken="$broken $label"
        printf '  %-44s FAILED\n' "$label"
        tail -n 40 "$logdir/gate.log"
    fi
}

backend_suites() {
    build=$1
    store=$2
    export BOXOFFICE_TEST_STORE=$store
    for t in "$build"/tests/store/test_* "$build"/tests/app/test_* "$build"/tests/http/test_*; do
        suite "$store $(basename "$build") $(basename "$t")" "$t"
    done
    unset BOXOFFICE_TEST_STORE
}

# A port in use (by anything) makes the start fail: try a few.
url=
for attempt in 1 2 3 4 5; do
    port=$((54000 + ($$ * 7 + attempt * 131) % 1000))
    url=$(scripts/pg-cluster start "$pgroot/cluster" "$port" 2>"$logdir/pg-start.log" | tail -n 1)
    case $url in
    postgres://*) break ;;
    esac
done
case $url in
postgres://*) export BOXOFFICE_TEST_PG_URL=$url ;;
*)
    echo "test: could not start PostgreSQL"
    cat "$logdir/pg-start.log"
    exit 1
    ;;
esac

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for build in build build/asan; do
    echo "== $build"
    for t in "$build"/tests/unit/test_*; do
        suite "unit $(basename "$build") $(basename "$t")" "$t"
    done
    backend_suites "$build" sqlite
    backend_suites "$build" pg
done

echo "== gates"
check "openapi lint (redocly)" scripts/openapi-lint
check "browser (chromium)" scripts/browser-test
check "style (make check)" make --no-print-directory check

if [ -n "$broken" ]; then
    [ -f "$logdir/summary" ] && cat "$logdir/summary"
    echo "failed:$broken"
fi
rm -rf "$logdir"
echo "test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
