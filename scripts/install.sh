#!/usr/bin/env bash
# Installs Kafka Remediator into the standard places (see --help). Never runs systemctl: it prints
# the next steps instead. Safe to run again for an upgrade: an operator's remediator.conf is never
# touched, and an edited policy file is kept (the shipped version goes beside it as .conf.new).
set -Eeuo pipefail

PROG="install.sh"
SERVICE_USER="kafka-remediator"
DEFAULT_PREFIX="/usr/local"

usage() {
  cat <<EOF
Usage: scripts/install.sh [--root DIR] [--prefix DIR] [--no-user] [--help]

Installs Kafka Remediator (building daemon/target/kafka-remediator.jar first if missing):
  PREFIX/lib/kafka-remediator/kafka-remediator.jar   the daemon and command
  PREFIX/bin/kafka-remediator                        launcher (java from JAVA_HOME or PATH; the daemon's memory
                                                     defaults, then \$REMEDIATOR_JAVA_OPTS)
  PREFIX/share/doc/kafka-remediator/README.md
  PREFIX/share/kafka-remediator/monitoring/          Grafana dashboard (JSON) and Prometheus alerting rules, to import
  /etc/kafka-remediator/remediator.conf              example configuration, dry-run (only if absent)
  /etc/kafka-remediator/policies/*.conf              shipped policies (an edited file is kept; the new one goes to *.conf.new)
  /etc/kafka-remediator/remediator.env.example       secrets and JVM options for the service
  /etc/systemd/system/kafka-remediator.service       the systemd unit (ExecStart follows PREFIX)
  /var/lib/kafka-remediator                          state directory (0750)
and creates the system user and group $SERVICE_USER (unless --no-user).

Options:
  --root DIR     install below DIR, like DESTDIR (default /); the files still refer to the final paths
  --prefix DIR   where bin/, lib/ and share/ go (default $DEFAULT_PREFIX)
  --no-user      do not create the system user/group nor chown anything (packaging, tests)
  -h, --help     this text

It never runs systemctl; it prints what to run next. Exit 0 installed, 1 an install step failed, 2 usage.
EOF
}

die() { echo "$PROG: $*" >&2; exit 1; }
usage_error() { echo "$PROG: $*" >&2; echo "Try 'scripts/install.sh --help'." >&2; exit 2; }
trap 'rc=$?; echo "$PROG: failed (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; exit 1' ERR

ROOT="/"
PREFIX="$DEFAULT_PREFIX"
CREATE_USER=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || usage_error "--root needs a directory"; ROOT="$2"; shift 2 ;;
    --root=*) ROOT="${1#--root=}"; shift ;;
    --prefix) [ $# -ge 2 ] || usage_error "--prefix needs a directory"; PREFIX="$2"; shift 2 ;;
    --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
    --no-user) CREATE_USER=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument '$1'" ;;
  esac
done

# The prefix ends up in the unit's ExecStart and in sed expressions: keep it to plain path characters.
[[ "$PREFIX" =~ ^/[A-Za-z0-9._/+-]*$ ]] || usage_error "--prefix must be an absolute path of letters, digits and . _ / + - (got '$PREFIX')"
PREFIX="${PREFIX%/}"
[ -n "$PREFIX" ] || usage_error "--prefix / is not supported; use /usr"
[ -n "$ROOT" ] || usage_error "--root needs a directory"
case "$ROOT" in /*) ;; *) ROOT="$(pwd)/$ROOT" ;; esac
R="${ROOT%/}"   # "" for the real root

if [ "$CREATE_USER" = 1 ]; then
  [ -z "$R" ] || usage_error "--root $ROOT installs into a staging tree: pass --no-user (create the user on the target system)"
  [ "$(id -u)" = 0 ] || die "creating the system user $SERVICE_USER needs root: run with sudo, or pass --no-user"
  command -v useradd >/dev/null 2>&1 || die "useradd not found: create the user $SERVICE_USER yourself and pass --no-user"
fi

# The jar (built first if missing); lib.sh knows where it is.
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_jar
[ -f "$REMEDIATOR_JAR" ] || die "no jar at $REMEDIATOR_JAR"
SRC="$REMEDIATOR_HOME"
for f in "$SRC/systemd/kafka-remediator.service" "$SRC/systemd/remediator.env.example" "$SRC/README.md" \
         "$SRC/systemd/monitoring/kafka-remediator.grafana.json" "$SRC/systemd/monitoring/kafka-remediator.rules.yml"; do
  [ -f "$f" ] || die "missing $f: run install.sh from a complete checkout"
done
compgen -G "$SRC/policies/*.conf" >/dev/null || die "no policies in $SRC/policies"

say() { echo "  $*"; }

# Copies a file to DEST with MODE through a temporary file and a rename: a running daemon keeps
# the file it opened, and a failed copy leaves no half-written file.
put() {
  local src="$1" dest="$2" mode="$3" tmp
  mkdir -p "$(dirname "$dest")"
  tmp="$(mktemp "$dest.XXXXXX")"
  cp "$src" "$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$dest"
}

# Writes stdin to DEST with MODE, the same way.
put_stdin() {
  local dest="$1" mode="$2" tmp
  mkdir -p "$(dirname "$dest")"
  tmp="$(mktemp "$dest.XXXXXX")"
  cat >"$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$dest"
}

echo "Installing Kafka Remediator into ${R:-/} (prefix $PREFIX)"

# The system user first: the files below are chowned to it.
if [ "$CREATE_USER" = 1 ]; then
  if getent passwd "$SERVICE_USER" >/dev/null; then
    say "user $SERVICE_USER exists"
  else
    nologin=/usr/sbin/nologin
    [ -x "$nologin" ] || nologin=/sbin/nologin
    if getent group "$SERVICE_USER" >/dev/null; then group_opt=(--gid "$SERVICE_USER"); else group_opt=(--user-group); fi
    # Home = the state directory: an SSH key and known_hosts for a restart-command go in its .ssh/.
    useradd --system --no-create-home --home-dir /var/lib/kafka-remediator --shell "$nologin" "${group_opt[@]}" "$SERVICE_USER" \
      || die "useradd $SERVICE_USER failed"
    say "created system user and group $SERVICE_USER (home /var/lib/kafka-remediator, shell $nologin)"
  fi
fi

# The jar and the launcher.
put "$REMEDIATOR_JAR" "$R$PREFIX/lib/kafka-remediator/kafka-remediator.jar" 0644
say "$PREFIX/lib/kafka-remediator/kafka-remediator.jar"
# The daemon's JVM defaults come from lib.sh (DAEMON_JAVA_DEFAULTS), the one place they are set.
case "$DAEMON_JAVA_DEFAULTS" in *[!A-Za-z0-9=:+./_\ -]*) die "unexpected characters in DAEMON_JAVA_DEFAULTS: $DAEMON_JAVA_DEFAULTS" ;; esac
sed "s|@DAEMON_JAVA_DEFAULTS@|$DAEMON_JAVA_DEFAULTS|" <<'EOF' | put_stdin "$R$PREFIX/bin/kafka-remediator" 0755
#!/bin/sh
# Kafka Remediator launcher, installed by scripts/install.sh.
# Java: $JAVA_HOME/bin/java, else java on PATH (17 or later).
# JVM options: for `run` (the daemon, as systemd starts it) a bounded footprint for a long-running
# monitor, then $REMEDIATOR_JAVA_OPTS, whose options win (the JVM takes the last -Xmx ...; a
# collector chosen there replaces ours). The other commands are short-lived: JVM defaults, then
# $REMEDIATOR_JAVA_OPTS. README "The daemon's memory" has the measurements.
# The jar is found relative to this script (bin/../lib/kafka-remediator/), so the install is relocatable.
set -f   # REMEDIATOR_JAVA_OPTS is split into words, never globbed
daemon_defaults="@DAEMON_JAVA_DEFAULTS@"
self="$(readlink -f "$0" 2>/dev/null || echo "$0")"
jar="$(dirname "$self")/../lib/kafka-remediator/kafka-remediator.jar"
if [ ! -f "$jar" ]; then
  echo "kafka-remediator: $jar is missing; reinstall with scripts/install.sh" >&2
  exit 2
fi
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java=java
else
  echo "kafka-remediator: java not found: set JAVA_HOME or put Java 17+ on PATH" >&2
  exit 2
fi
log=""
# REMEDIATOR_LOG_FORMAT=json: one JSON object per log line, for log shippers.
if [ "${REMEDIATOR_LOG_FORMAT:-text}" = "json" ]; then log="-Dlogback.configurationFile=logback-json.xml"; fi
defaults=""
for a in "$@"; do
  case "$a" in
    -*) ;;
    run) defaults="$daemon_defaults"; break ;;
    *) break ;;
  esac
done
picks_gc=0
for a in ${REMEDIATOR_JAVA_OPTS:-}; do
  case "$a" in -XX:+Use*GC) picks_gc=1 ;; esac
done
opts=""
for a in $defaults; do
  case "$a" in -XX:+Use*GC) [ "$picks_gc" = 1 ] && continue ;; esac
  opts="$opts $a"
done
# shellcheck disable=SC2086
exec "$java" $opts ${REMEDIATOR_JAVA_OPTS:-} $log -jar "$jar" "$@"
EOF
say "$PREFIX/bin/kafka-remediator"
put "$SRC/README.md" "$R$PREFIX/share/doc/kafka-remediator/README.md" 0644
# Monitoring: files for Grafana and Prometheus to load, not configuration of ours (replaced on upgrade).
MON="$PREFIX/share/kafka-remediator/monitoring"
for f in kafka-remediator.grafana.json kafka-remediator.rules.yml; do
  put "$SRC/systemd/monitoring/$f" "$R$MON/$f" 0644
  say "$MON/$f"
done

# Configuration directory.
ETC="$R/etc/kafka-remediator"
mkdir -p "$ETC/policies"
chmod 0755 "$ETC" "$ETC/policies"

# Policies: an existing file that differs may be an operator's edit, so it is kept.
kept=()
for src in "$SRC"/policies/*.conf; do
  name="$(basename "$src")"
  dest="$ETC/policies/$name"
  if [ ! -e "$dest" ]; then
    put "$src" "$dest" 0644
    say "/etc/kafka-remediator/policies/$name"
  elif cmp -s "$src" "$dest"; then
    rm -f "$dest.new"
    say "/etc/kafka-remediator/policies/$name (unchanged)"
  else
    put "$src" "$dest.new" 0644
    kept+=("/etc/kafka-remediator/policies/$name")
    say "/etc/kafka-remediator/policies/$name differs from the shipped one: kept; the shipped version is $name.new"
  fi
done

# The configuration: only if absent (never overwrite an operator's).
conf_written=0
if [ -e "$ETC/remediator.conf" ]; then
  say "/etc/kafka-remediator/remediator.conf exists: kept"
else
  conf_written=1
  # 0640 root:kafka-remediator when the user is created here; 0644 otherwise (the service must read it).
  put_stdin "$ETC/remediator.conf" "$([ "$CREATE_USER" = 1 ] && echo 0640 || echo 0644)" <<'EOF'
# Kafka Remediator configuration (HOCON), written by install.sh. Every key, its default and what it
# means: the README ("Configuration") and reference.conf in the jar. Unknown keys are errors.
# Check it with: kafka-remediator validate --config /etc/kafka-remediator/remediator.conf
# Secrets come from the environment (/etc/kafka-remediator/remediator.env for the service) as
# ${?VAR}; they are never logged.
remediator {
  state-dir = "/var/lib/kafka-remediator"       # history, open findings, cooldowns, audit log
  policy-dir = "/etc/kafka-remediator/policies"
  # Observe, evaluate, plan, notify and audit, but never change anything. Set to false only once
  # `kafka-remediator plan` and the audit log show what you expect.
  dry-run = true
  observe-interval = 1m
  # http { enabled = true, host = "127.0.0.1", port = 9405 }   # /metrics and /health

  clusters {
    # A placeholder, so that this file validates and the service starts: replace it with your
    # cluster (the name appears in findings, metrics and the audit log).
    example {
      bootstrap-servers = "localhost:9092"
      jmx { port = 9999 }                        # every broker's remote JMX, on the broker's own host
    }

    # prod {
    #   bootstrap-servers = "kafka-1:9092,kafka-2:9092,kafka-3:9092"
    #   admin { security.protocol = SASL_SSL, sasl.mechanism = SCRAM-SHA-512,
    #           sasl.jaas.config = ${KAFKA_JAAS} }                    # passed through to the Admin client
    #   jmx { port = 9999, username = monitor, password = ${?KAFKA_JMX_PASSWORD} }
    #   # or per broker: jmx { endpoints { "1" = "kafka-1:9999", "2" = "kafka-2:9999" } }
    #   heap-dump-dir = "/var/tmp/kafka-heap-dumps"                   # on the brokers' hosts
    #   # rolling restarts run this per broker, no shell; the key lives in /var/lib/kafka-remediator/.ssh/
    #   # restart-command = ["ssh", "-o", "BatchMode=yes", "{host}", "sudo", "systemctl", "restart", "kafka"]
    # }
  }

  notifiers {
    # ops-slack { type = slack, url = ${?SLACK_WEBHOOK_URL} }
    # alertmanager { type = alertmanager, url = "http://alertmanager:9093" }
  }
}
EOF
  say "/etc/kafka-remediator/remediator.conf (example: dry-run, a placeholder cluster)"
fi

put "$SRC/systemd/remediator.env.example" "$ETC/remediator.env.example" 0644
say "/etc/kafka-remediator/remediator.env.example"

# The unit; its ExecStart (and documentation path) follow the prefix. Local changes belong in a
# drop-in (systemctl edit kafka-remediator); an edited unit file is saved as .bak before replacing.
UNIT="$R/etc/systemd/system/kafka-remediator.service"
unit_tmp="$(mktemp)"
sed -e "s#/usr/local/bin/kafka-remediator#$PREFIX/bin/kafka-remediator#g" \
    -e "s#/usr/local/share/doc/kafka-remediator#$PREFIX/share/doc/kafka-remediator#g" \
    "$SRC/systemd/kafka-remediator.service" >"$unit_tmp"
grep -q "^ExecStart=$PREFIX/bin/kafka-remediator run " "$unit_tmp" || { rm -f "$unit_tmp"; die "could not set ExecStart in the unit"; }
if [ -e "$UNIT" ] && ! cmp -s "$unit_tmp" "$UNIT"; then
  cp -p "$UNIT" "$UNIT.bak"
  say "/etc/systemd/system/kafka-remediator.service replaced; the previous one is kafka-remediator.service.bak (use drop-ins for local changes)"
else
  say "/etc/systemd/system/kafka-remediator.service"
fi
put "$unit_tmp" "$UNIT" 0644
rm -f "$unit_tmp"

# The state directory (systemd's StateDirectory= would create it too; this makes it exist for a
# first `kafka-remediator status` by hand).
install -d -m 0750 "$R/var/lib/kafka-remediator"
if [ "$CREATE_USER" = 1 ]; then
  chown -R "$SERVICE_USER:$SERVICE_USER" "$R/var/lib/kafka-remediator"
  say "/var/lib/kafka-remediator (0750, owned by $SERVICE_USER)"
  if [ "$conf_written" = 1 ]; then
    chgrp "$SERVICE_USER" "$ETC/remediator.conf"
  fi
else
  say "/var/lib/kafka-remediator (0750; --no-user: chown it to $SERVICE_USER on the target system)"
fi

cat <<EOF

Installed. Next steps${R:+ (on the target system; files staged under $R)}:
  1. Edit /etc/kafka-remediator/remediator.conf: your clusters (dry-run = true until you trust it).
  2. Secrets and JVM options for the service:
       install -m 0600 /etc/kafka-remediator/remediator.env.example /etc/kafka-remediator/remediator.env
     and fill in what you use.
  3. Check: $PREFIX/bin/kafka-remediator validate --config /etc/kafka-remediator/remediator.conf
  4. Start: systemctl daemon-reload && systemctl enable --now kafka-remediator
  5. Monitoring (optional): enable http { } in remediator.conf, scrape it as job "kafka-remediator", add
       $PREFIX/share/kafka-remediator/monitoring/kafka-remediator.rules.yml to Prometheus's rule_files, and import
       $PREFIX/share/kafka-remediator/monitoring/kafka-remediator.grafana.json into Grafana.
EOF
if [ "$CREATE_USER" = 0 ]; then
  echo "  (--no-user: create the system user $SERVICE_USER and chown /var/lib/kafka-remediator to it before starting.)"
fi
if [ ${#kept[@]} -gt 0 ]; then
  echo
  echo "Kept edited policies (compare with the shipped .conf.new and merge by hand):"
  for p in "${kept[@]}"; do echo "  diff -u $p $p.new"; done
fi
