#!/usr/bin/env bash
# One line of line and branch coverage per module from a JaCoCo CSV report (the build runs this after
# each report: target/site/jacoco*/jacoco.csv; the HTML report is beside it).
#   scripts/coverage-summary.sh TITLE REPORT.csv
set -euo pipefail
title="${1:?usage: scripts/coverage-summary.sh TITLE REPORT.csv}"
csv="${2:?usage: scripts/coverage-summary.sh TITLE REPORT.csv}"
if [ ! -f "$csv" ]; then
  echo "coverage ($title): no report at $csv (no tests ran?)"
  exit 0
fi
# Columns: GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,...
awk -F, -v title="$title" -v html="$(dirname "$csv")/index.html" '
  # An aggregate report names its groups "parent/module": the module is enough.
  NR > 1 { sub(/.*\//, "", $1); bm[$1] += $6; bc[$1] += $7; lm[$1] += $8; lc[$1] += $9; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
  function pct(c, m) { return (c + m) == 0 ? "n/a" : sprintf("%.1f%%", 100 * c / (c + m)) }
  END {
    for (i = 1; i <= n; i++) {
      g = order[i]
      printf "coverage (%s) %s: lines %s (%d of %d), branches %s (%d of %d)\n", title, g,
        pct(lc[g], lm[g]), lc[g], lc[g] + lm[g], pct(bc[g], bm[g]), bc[g], bc[g] + bm[g]
    }
    printf "coverage (%s): report %s\n", title, html
  }' "$csv"
