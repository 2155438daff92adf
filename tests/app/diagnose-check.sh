# Sourced by the --diagnose test scripts: `check` runs a command, prints its output, and counts a
# failure (in $failures) when the exit code or the output is not as wanted, or when the output holds
# something that looks like a token (nothing --diagnose prints may). The output stays in $out.
failures=0
out=""
check() {  # description expected-exit pattern -- command...
  local what="$1" want="$2" pattern="$3"; shift 4
  local code
  out="$("$@" 2>&1)"; code=$?
  printf '\n== %s (exit %s)\n%s\n' "$what" "$code" "$out"
  if [[ $code -ne $want ]] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $what (exit $code, wanted $want; pattern: $pattern)"; failures=$((failures + 1))
  elif grep -qE 'eyJ[A-Za-z0-9_-]{10,}' <<<"$out"; then
    echo "FAIL: $what printed something that looks like a token"; failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}
