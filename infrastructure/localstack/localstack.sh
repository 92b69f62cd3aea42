#!/usr/bin/env bash
# LocalStack on this machine without Docker: its Python runtime in a venv, installed from PyPI, and
# DynamoDB Local from Maven Central; listening on 127.0.0.1 only.
#
#   infrastructure/localstack/localstack.sh start     install what is missing, start, wait until it answers
#   infrastructure/localstack/localstack.sh stop      stop the LocalStack this script started (by its pid)
#   infrastructure/localstack/localstack.sh status    running or not, and the endpoint
#   infrastructure/localstack/localstack.sh install   install only
#
# Environment (all optional):
#   LOCALSTACK_HOME     where the venv, LocalStack's files, the pid file and the log go
#                       (default infrastructure/localstack/target/localstack)
#   LOCALSTACK_VENV     the venv LocalStack is installed into (default $LOCALSTACK_HOME/venv)
#   LOCALSTACK_PORT     default 4566
#   LOCALSTACK_PYTHON   a Python 3.13 interpreter (default: python3.13 on PATH, then pyenv's 3.13.x)
#   SFN_MOCK_CONFIG, DEBUG, ...  passed on to LocalStack as they are
#
# Exit status 3 means Python 3.13 was not found (the test tier reports itself skipped on it).
# Lambda functions are not run: LocalStack runs them in Docker containers.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${LOCALSTACK_HOME:-$here/target/localstack}"
port="${LOCALSTACK_PORT:-4566}"
venv="${LOCALSTACK_VENV:-$home/venv}"
filesystem="$home/filesystem"
pid_file="$home/localstack.pid"
log_file="$home/localstack.log"
endpoint="http://127.0.0.1:$port"

# Pinned together: later cbor2, pyOpenSSL and cryptography releases break localstack-core 2026.3.0's runtime.
localstack_requirements=("localstack-core[runtime]==2026.3.0" "cbor2<6" "pyopenssl<25" "cryptography<45" "service_identity")

# LocalStack's DynamoDB runs DynamoDB Local from <var_libs>/dynamodb-local/2 with the Java of
# <var_libs>/java/21 (localstack/services/dynamodb/packages.py and localstack/packages/java.py); when
# either is missing it downloads them from AWS and Adoptium, which fails offline. This script puts them there.
var_libs="$filesystem/var/lib/localstack/lib"
dynamodb_dir="$var_libs/dynamodb-local/2"
java_dir="$var_libs/java/21"

fail() {
    echo "localstack.sh: $1" >&2
    exit "${2:-1}"
}

is_python_313() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else 1)' >/dev/null 2>&1
}

# The first Python 3.13 of: LOCALSTACK_PYTHON, python3.13 on PATH (a pyenv shim may name a version that is
# not selected: it is tried, not trusted), pyenv's 3.13.x installs.
find_python() {
    local candidate
    for candidate in "${LOCALSTACK_PYTHON:-}" "$(command -v python3.13 || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13.*/bin/python3; do
        if [[ -n "$candidate" && -x "$candidate" ]] && is_python_313 "$candidate"; then
            echo "$candidate"
            return
        fi
    done
}

install_runtime() {
    local marker="$venv/.requirements"
    if [[ -f "$marker" && "$(cat "$marker")" == "${localstack_requirements[*]}" ]]; then
        return
    fi
    local python
    python="$(find_python)"
    [[ -n "$python" ]] || fail "Python 3.13 not found (looked at LOCALSTACK_PYTHON, python3.13 on PATH, ~/.pyenv/versions/3.13.*); localstack-core 2026.3.0 needs it" 3
    echo "Installing LocalStack into $venv (from PyPI) ..."
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet "${localstack_requirements[@]}"
    echo "${localstack_requirements[*]}" > "$marker"
}

java_home() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        echo "$JAVA_HOME"
        return
    fi
    local java
    java="$(command -v java)" || fail "no java on PATH and no JAVA_HOME; DynamoDB Local needs Java 17 or later"
    java="$(readlink -f "$java")"
    dirname "$(dirname "$java")"
}

install_dynamodb_local() {
    if [[ -f "$dynamodb_dir/DynamoDBLocal.jar" && -x "$java_dir/bin/java" ]]; then
        return
    fi
    echo "Installing DynamoDB Local into $dynamodb_dir (from Maven Central) ..."
    local lib="$dynamodb_dir/DynamoDBLocal_lib"
    rm -rf "$dynamodb_dir"
    mkdir -p "$lib" "$(dirname "$java_dir")"
    # DynamoDB Local and its libraries, the version the build uses (the parent pom's dynamodb.local.version).
    "$root/mvnw" -q -B -f "$here/dynamodb-local/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$lib" >/dev/null
    # LocalStack starts `java -javaagent:ddb-local-loader-0.1.jar -jar DynamoDBLocal.jar -port N`. The Maven jar
    # has no launcher manifest; this DynamoDBLocal.jar holds LoopbackServerRunner (DynamoDB Local's command line,
    # on 127.0.0.1 only) and puts the libraries on its class path. NoOpAgent stands in for LocalStack's agent.
    local work="$dynamodb_dir/build"
    mkdir -p "$work/classes"
    "$(java_home)/bin/javac" -nowarn -d "$work/classes" -cp "$lib/*" "$here/dynamodb-local/LoopbackServerRunner.java" "$here/dynamodb-local/NoOpAgent.java"
    {
        echo "Main-Class: LoopbackServerRunner"
        echo "Class-Path: ."
        # One entry a line: a continuation line starts with a space, and a second one separates the entries.
        for jar in "$lib"/*.jar; do echo "  DynamoDBLocal_lib/$(basename "$jar")"; done
    } > "$work/launcher.mf"
    jar_tool --create --file "$dynamodb_dir/DynamoDBLocal.jar" --manifest "$work/launcher.mf" -C "$work/classes" LoopbackServerRunner.class
    printf 'Premain-Class: NoOpAgent\n' > "$work/agent.mf"
    jar_tool --create --file "$dynamodb_dir/ddb-local-loader-0.1.jar" --manifest "$work/agent.mf" -C "$work/classes" NoOpAgent.class
    rm -rf "$work"
    # The Java LocalStack would download: the one that runs this script (17 or later is what DynamoDB Local 2 needs).
    rm -rf "$java_dir"
    ln -s "$(java_home)" "$java_dir"
}

jar_tool() {
    "$(java_home)/bin/jar" "$@"
}

running_pid() {
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
        echo "$pid"
        return 0
    fi
    return 1
}

healthy() {
    curl -fsS --max-time 2 "$endpoint/_localstack/health" >/dev/null 2>&1
}

start() {
    if pid="$(running_pid)"; then
        echo "LocalStack already runs (pid $pid) at $endpoint"
        return
    fi
    command -v curl >/dev/null 2>&1 || fail "curl is needed to see when LocalStack answers"
    if healthy; then
        fail "something else answers at $endpoint; stop it or set LOCALSTACK_PORT"
    fi
    install_runtime
    install_dynamodb_local
    mkdir -p "$filesystem"
    echo "Starting LocalStack at $endpoint (log: $log_file) ..."
    # OVERRIDE_IN_DOCKER=0: run as on a host even where /.dockerenv exists. GATEWAY_SERVER=hypercorn: the
    # default server binds 0.0.0.0 whatever GATEWAY_LISTEN says. DISABLE_EVENTS=1: no analytics calls out.
    # SKIP_SSL_CERT_DOWNLOAD=1: a self-signed certificate instead of one downloaded from GitHub.
    # setsid: LocalStack and its children (DynamoDB Local's JVM) form one process group, whose id is the pid
    # written below, so that stop ends them all and nothing else.
    (
        cd "$home"
        exec setsid env OVERRIDE_IN_DOCKER=0 \
            GATEWAY_SERVER=hypercorn \
            GATEWAY_LISTEN="127.0.0.1:$port" \
            LOCALSTACK_HOST="localhost.localstack.cloud:$port" \
            DISABLE_EVENTS=1 \
            SKIP_SSL_CERT_DOWNLOAD=1 \
            FILESYSTEM_ROOT="$filesystem" \
            "$venv/bin/python" -m localstack.runtime.main
    ) > "$log_file" 2>&1 &
    local pid=$!
    echo "$pid" > "$pid_file"
    local waited=0
    until healthy; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$pid_file"
            tail -n 30 "$log_file" >&2
            fail "LocalStack exited during start-up (log: $log_file)"
        fi
        if (( waited >= 120 )); then
            stop
            fail "LocalStack did not answer at $endpoint within 120 s (log: $log_file)"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    echo "LocalStack runs (pid $pid) at $endpoint"
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$pid_file"
        echo "LocalStack is not running (no live pid in $pid_file)"
        return
    fi
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
    local waited=0
    while kill -0 -- "-$pid" 2>/dev/null; do
        if (( waited >= 30 )); then
            kill -KILL -- "-$pid" 2>/dev/null || true
            break
        fi
        sleep 1
        waited=$((waited + 1))
    done
    rm -f "$pid_file"
    echo "LocalStack stopped (pid $pid)"
}

status() {
    local pid
    if pid="$(running_pid)"; then
        echo "LocalStack runs (pid $pid) at $endpoint"
        curl -fsS --max-time 2 "$endpoint/_localstack/health" || true
        echo
    else
        echo "LocalStack is not running"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    install) install_runtime && install_dynamodb_local ;;
    *) echo "usage: $0 start|stop|status|install" >&2; exit 2 ;;
esac
