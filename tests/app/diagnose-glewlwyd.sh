#!/usr/bin/env bash
# `deskauth --diagnose` against Debian's Glewlwyd (tools/glewlwyd/server, on 127.0.0.1 with the
# dev CA) and a real GNOME Keyring (tests/support/with-keyring): Glewlwyd refuses RFC 7009
# revocation from a public client (401), so with oauth.revocationAuth "none" the Revocation check
# is a WARNING that names the fix (exit 0: a sign-in still works), and with "bearer" (the
# documented Glewlwyd setting) it is SKIPPED, as only a signed-in access token can show it works.
# Its loopback redirect ports are 18294-18296. Usage: diagnose-glewlwyd.sh <deskauth> <repo>
set -uo pipefail
app="$1" repo="$2"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
unset DISPLAY WAYLAND_DISPLAY HTTPS_PROXY https_proxy NO_PROXY no_proxy
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
command -v jq >/dev/null || { echo "FAIL: jq is required (run scripts/install-deps)"; exit 1; }

"$repo/scripts/dev-certs" "$work/certs" >/dev/null || { echo "FAIL: scripts/dev-certs"; exit 1; }
mkfifo "$work/server.out"
"$repo/tools/glewlwyd/server" --quiet --certs "$work/certs" --redirect-ports 18294-18296 >"$work/server.out" &
server_pid=$!
# its one line once it is configured (the read ends with the script's output if it fails to start)
read -r ready <"$work/server.out"
issuer="${ready##*listening on }"
[[ $issuer == https://* ]] || { echo "FAIL: tools/glewlwyd/server did not start (got '$ready')"; exit 1; }

config() {  # name revocationAuth: config/desktop.json for this server with the documented Glewlwyd settings
  jq --arg issuer "$issuer" --arg auth "$2" --arg repo "$repo" --arg certs "$work/certs" '
    .oauth.authority = $issuer | .oauth.clientId = "desktop" | .oauth.revocationAuth = $auth
    | .oauth.resource = "https://deskauth.example/api"
    | .pages = {loginSuccess: ($repo + "/resources/pages/login-success.html"), loginError: ($repo + "/resources/pages/login-error.html")}
    | .tls = {extraCaFile: ($certs + "/ca.pem")} | .redirect.loopbackPorts = {first: 18294, last: 18296}' \
    "$repo/config/desktop.json" >"$work/$1.json"
}
config none none
config bearer bearer

source "$(dirname "${BASH_SOURCE[0]}")/diagnose-check.sh"
diagnose() { "$repo/tests/support/with-keyring" "$app" --diagnose --config "$@"; }

check "revocationAuth none: Glewlwyd refuses the public client" 0 \
  '^WARNING +Revocation: the revocation endpoint refuses requests from this public client \(HTTP 401\)' \
  -- diagnose "$work/none.json"
grep -qE '^ +What to do: .*set oauth.revocationAuth to "bearer"' <<<"$out" ||
  { echo "FAIL: the Revocation WARNING does not name oauth.revocationAuth \"bearer\""; failures=$((failures + 1)); }
check "revocationAuth bearer: not asked without a signed-in token" 0 \
  "^SKIPPED +Revocation: oauth.revocationAuth is 'bearer'" -- diagnose "$work/bearer.json"
check "the rest of the Glewlwyd setup is fine" 0 "^OK +Discovery issuer" -- diagnose "$work/bearer.json"

if ((failures)); then echo "diagnose-glewlwyd: $failures check(s) failed"; exit 1; fi
echo "diagnose-glewlwyd: all checks passed"
