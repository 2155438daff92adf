#!/usr/bin/env bash
# The app's command line without a display: --help, --version, unknown options, a broken or
# missing configuration (a clear message naming the field, exit 1, never a crash), and the scheme
# registration flags. Usage: command-line.sh <deskauth> <repo>
# Linux only: "no DISPLAY / WAYLAND_DISPLAY" means headless on X11 / Wayland, never on Windows,
# which has no such variables (src/app/shell/DisplayCheck.h; tests/unit/app/DisplayCheckTest.cpp).
set -uo pipefail
app="$1" repo="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unset DISPLAY WAYLAND_DISPLAY
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
failures=0
check() {  # description expected-exit pattern -- command...
  local what="$1" want="$2" pattern="$3"; shift 4
  local out code
  out="$("$@" 2>&1)"; code=$?
  if [[ $code -ne $want ]] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $what (exit $code, wanted $want; output: $out)"; failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}
check "--help" 0 "Usage: deskauth" -- "$app" --help
check "--version" 0 "^deskauth [0-9]+\.[0-9]+\.[0-9]+" -- "$app" --version
check "unknown option" 2 "unknown option --frobnicate" -- "$app" --frobnicate
check "missing value" 2 "--config needs a value" -- "$app" --config
printf '{ "oauth": ' >"$work/broken.json"
check "invalid JSON" 1 "broken.json.*not valid JSON.*error ID DA-" -- "$app" --config "$work/broken.json"
sed 's|"https://127.0.0.1:8443"|"http://127.0.0.1:8443"|' "$repo/config/desktop.json" >"$work/http.json"
check "http authority" 1 "oauth.authority must be an https:// URL" -- "$app" --config "$work/http.json"
check "missing file" 1 "cannot be read" -- "$app" --config "$work/nope.json"
cp "$repo/packaging/desktop.json" "$work/desktop.json"; mkdir -p "$work/pages"
cp "$repo"/resources/pages/*.html "$work/pages/"
check "valid config, no display" 1 "no display found.*configuration .* is valid" -- "$app" --config "$work/desktop.json"
# issue 21 item 5: refused before any window or secret store is built, also when a window runs
check "not a sign-in link" 2 "is not a DeskAuth sign-in link .*com\.deskauth\.desktop:.*error ID DA-" -- "$app" --config "$work/desktop.json" "https://evil.example/callback?code=x"
check "register scheme" 0 "registered as the handler of com.deskauth.desktop" -- "$app" --config "$work/desktop.json" --register-scheme
check "xdg-mime sees it" 0 "deskauth-com.deskauth.desktop.desktop" -- xdg-mime query default x-scheme-handler/com.deskauth.desktop
check "unregister scheme" 0 "removed the handler" -- "$app" --config "$work/desktop.json" --unregister-scheme
exit $((failures > 0))
