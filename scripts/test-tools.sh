#!/usr/bin/env bash
# The two programs the tests run besides Java: promtool (MonitoringFilesTest checks the shipped
# alerting rules with it) and Alertmanager (AlertmanagerIT starts a real one on 127.0.0.1).
#   scripts/test-tools.sh DIR
# The build runs this before the unit tests (mvn -B verify needs nothing installed by hand). When
# both programs are on PATH it does nothing. Otherwise it fetches Debian's `prometheus` (brings
# promtool) and `prometheus-alertmanager` packages WITHOUT root: apt-get with its lists, cache and
# status under DIR, `apt-get download`, `dpkg-deb -x` into DIR/root, and puts them in DIR/bin, which
# the build puts first on the tests' PATH. Nothing is installed on the system and no service
# is started. A second run finds DIR/bin filled and returns at once. Where apt-get or dpkg-deb is
# missing (not Debian or Ubuntu) it stops with the one command to run instead.
set -euo pipefail

dir="${1:?usage: scripts/test-tools.sh DIR}"
bin="$dir/bin"

on_path() { command -v "$1" >/dev/null 2>&1; }
have_promtool() { on_path promtool || [ -x "$bin/promtool" ]; }
have_alertmanager() { on_path prometheus-alertmanager || on_path alertmanager || [ -x "$bin/prometheus-alertmanager" ]; }

if have_promtool && have_alertmanager; then
  exit 0
fi

give_up() {
  cat >&2 <<EOF
test-tools: $1
The tests need promtool and Alertmanager on PATH. Run this once, then the build again:
  sudo apt-get install -y --no-install-recommends prometheus prometheus-alertmanager
(not Debian or Ubuntu: put promtool and alertmanager from a Prometheus release on PATH).
-Dtest-tools.skip=true builds without them (MonitoringFilesTest and AlertmanagerIT then fail).
EOF
  exit 1
}

on_path apt-get && on_path dpkg-deb && on_path perl || give_up "apt-get, dpkg-deb or perl not found (not a Debian or Ubuntu machine), so they cannot be fetched."

packages=()
have_promtool || packages+=(prometheus)
have_alertmanager || packages+=(prometheus-alertmanager)

apt="$dir/apt"
rm -rf "$apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs" "$bin"
: > "$apt/status"
# apt-get's state in DIR: its own package lists (a fresh `update`, so the versions named exist on the
# mirror now), an empty dpkg status (nothing counts as installed) and no system lock, so no root.
apt_opts=(-q -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Dir::State::status=$apt/status"
          -o Debug::NoLocking=true -o APT::Sandbox::User="$(id -un)")
echo "test-tools: fetching Debian's ${packages[*]} into $dir (no root; nothing is installed on the system)" >&2
apt-get "${apt_opts[@]}" update >"$apt/update.log" 2>&1 || { cat "$apt/update.log" >&2; give_up "apt-get update (into $apt) failed."; }
(cd "$apt/debs" && apt-get "${apt_opts[@]}" download "${packages[@]}") >"$apt/download.log" 2>&1 \
  || { cat "$apt/download.log" >&2; give_up "apt-get download ${packages[*]} failed."; }
for deb in "$apt"/debs/*.deb; do
  dpkg-deb -x "$deb" "$dir/root"
done
if [ -x "$dir/root/usr/bin/promtool" ]; then
  ln -sf ../root/usr/bin/promtool "$bin/promtool"
fi
if [ -x "$dir/root/usr/bin/prometheus-alertmanager" ]; then
  # Debian's build reads its default templates from /usr/share/prometheus/alertmanager, compiled in, and
  # exits without them. This copy's path is rewritten to one of the same length relative to DIR/root/usr
  # (././/share/...), and bin/prometheus-alertmanager runs it from there: give it absolute paths.
  perl -pi -e 's{/usr/share/prometheus/alertmanager}{././/share/prometheus/alertmanager}g' "$dir/root/usr/bin/prometheus-alertmanager"
  cat > "$bin/prometheus-alertmanager" <<'WRAPPER'
#!/bin/sh
# Debian's prometheus-alertmanager, unpacked by scripts/test-tools.sh; it finds its templates from ../root/usr.
cd "$(dirname "$0")/../root/usr" && exec ./bin/prometheus-alertmanager "$@"
WRAPPER
  chmod +x "$bin/prometheus-alertmanager"
fi
rm -rf "$apt"
have_promtool && have_alertmanager || give_up "the packages did not bring promtool and prometheus-alertmanager."
echo "test-tools: $(cd "$bin" && ls | tr '\n' ' ')in $bin" >&2
