#!/usr/bin/env bash
# `deskauth --diagnose` against the real development authorization server (started here on
# 127.0.0.1 with a fresh dev CA), a real GNOME Keyring (tests/support/with-keyring) and a real
# CONNECT proxy (tests/support/connect-proxy.mjs): the good setup reports every check OK and exits
# 0; each broken setup names its problem on a PROBLEM (or WARNING) line and exits 1 when the
# problem would stop a sign-in. No output may contain a token. Its loopback redirect ports are
# 18291-18293 (not the demo's 8001-8003, so it can run beside the other tests).
# Usage: diagnose.sh <deskauth> <repo>
set -uo pipefail
app="$1" repo="$2"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
unset DISPLAY WAYLAND_DISPLAY HTTPS_PROXY https_proxy NO_PROXY no_proxy
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
"$repo/scripts/node" --version >/dev/null || { echo "FAIL: node is required (run scripts/install-deps)"; exit 1; }
for tool in openssl; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is required (run scripts/install-deps)"; exit 1; }
done

# Starts `node <args>` in the background and sets `url` to the URL of its "listening on" line.
# Not in a $(...) subshell: the pid must reach this shell's `pids`, or cleanup misses the server
# (left running, it also keeps /tmp/deskauth-ports.lock held for every later test).
start_listening() {  # name args...
  local name="$1"; shift
  "$repo/scripts/node" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 200); do
    url=$(grep -oE 'listening on \S+' "$work/$name.out" | cut -d' ' -f3)
    [[ -n $url ]] && return 0
    sleep 0.05
  done
  echo "FAIL: $name did not start: $(cat "$work/$name.err")" >&2; exit 1
}

"$repo/scripts/dev-certs" "$work/certs" >/dev/null || { echo "FAIL: scripts/dev-certs"; exit 1; }
start_listening authserver "$repo/tools/authserver/server.mjs" --port 0 --quiet --certs "$work/certs"; issuer="$url"
start_listening proxy "$repo/tests/support/connect-proxy.mjs"; proxy="$url"
port="${issuer##*:}"
mkdir -p "$work/cadir" && cp "$work/certs/ca.pem" "$work/cadir/corporate-root.crt"

# Writes $work/<name>.json: config/desktop.json for this server, with `changes` merged per section.
config() {  # name changes-json
  "$repo/scripts/node" -e '
    const fs = require("fs");
    const [repo, out, issuer, certs, changes] = process.argv.slice(1);
    const c = JSON.parse(fs.readFileSync(repo + "/config/desktop.json", "utf8"));
    c.oauth.authority = issuer;
    c.pages = { loginSuccess: repo + "/resources/pages/login-success.html", loginError: repo + "/resources/pages/login-error.html" };
    c.tls = { extraCaFile: certs + "/ca.pem" };
    c.redirect.loopbackPorts = { first: 18291, last: 18293 };
    for (const [section, values] of Object.entries(JSON.parse(changes))) c[section] = values === null ? undefined : { ...c[section], ...values };
    fs.writeFileSync(out, JSON.stringify(c, null, 2));
  ' "$repo" "$work/$1.json" "$issuer" "$work/certs" "${2:-{\}}"
}

source "$(dirname "${BASH_SOURCE[0]}")/diagnose-check.sh"
keyring="$repo/tests/support/with-keyring"
diagnose() { "$keyring" "$app" --diagnose --config "$@"; }

config good
check "good setup" 0 "^Everything checked is fine" -- diagnose "$work/good.json"
for pattern in "^OK +Configuration: $work/good.json is valid" \
               "^OK +Authority reachable: 127.0.0.1:$port answered HTTP 200, directly \(no proxy\)" \
               "^OK +TLS certificate chain: trusted by tls.extraCaFile \($work/certs/ca.pem\)" \
               "^OK +TLS certificate host name: the certificate is valid for 127.0.0.1" \
               "^OK +Discovery issuer: '$issuer' matches oauth.authority" \
               "^OK +Endpoints: authorization, token, JWKS and revocation_endpoint present; device_authorization_endpoint present" \
               "^OK +Revocation: the revocation endpoint accepts this public client \(HTTP 200\)" \
               "^OK +Clock: this computer's clock is [0-9]+ s" \
               "^OK +Loopback ports: all of 127.0.0.1:18291-18293 are free" \
               "^SKIPPED +Private URI scheme: not used: redirect.mode is 'loopback'" \
               "^OK +Secret store: secret-service reachable and unlocked"; do
  grep -qE -- "$pattern" <<<"$out" || { echo "FAIL: good setup lacks: $pattern"; failures=$((failures + 1)); }
done
if grep -vE '^(OK|SKIPPED) |^DeskAuth .* diagnostics$|^Everything checked is fine|^dbus-daemon.*fd limit|^Settings in effect, each with where it comes from:$|^        [a-zA-Z.]+ = .* \((built-in default|from [^)]*)\)$' <<<"$out" | grep -q .; then
  echo "FAIL: good setup has a line that is not OK"; failures=$((failures + 1))
fi

# Where each setting came from, and no policy on this machine (one would change every result here).
[[ ! -e /etc/deskauth/policy.json ]] || { echo "FAIL: this machine has /etc/deskauth/policy.json: the results would be its"; failures=$((failures + 1)); }
for pattern in "^SKIPPED +Policy: no policy found \(looked for /etc/deskauth/policy.json\)" \
               "^        oauth.clientId = \"deskauth-desktop\" \(from $work/good.json\)$" \
               "^        http.connectTimeoutSeconds = 10 \(built-in default\)$"; do
  grep -qE -- "$pattern" <<<"$out" || { echo "FAIL: good setup lacks: $pattern"; failures=$((failures + 1)); }
done

# The administrator's policy (tests add one through DESKAUTH_TEST_POLICY, which only the test
# builds have, and which can only add locks: /etc/deskauth/policy.json still applies over it).
# It pins the authority; the user's file, named by --config or by $DESKAUTH_CONFIG, points
# elsewhere: the checks reach the policy's authority, and the report says so, field by field.
config user-elsewhere '{"oauth": {"authority": "https://127.0.0.1:1", "loginTimeoutSeconds": 120}}'
printf '{ "oauth": { "authority": "%s" }, "http": { "connectTimeoutSeconds": 7 } }\n' "$issuer" >"$work/policy.json"
for how in "--config" "DESKAUTH_CONFIG"; do
  if [[ $how == --config ]]; then
    check "policy over --config" 0 "^OK +Authority reachable: 127.0.0.1:$port answered HTTP 200" -- \
      env DESKAUTH_TEST_POLICY="$work/policy.json" "$keyring" "$app" --diagnose --config "$work/user-elsewhere.json"
  else
    check "policy over \$DESKAUTH_CONFIG" 0 "^OK +Authority reachable: 127.0.0.1:$port answered HTTP 200" -- \
      env DESKAUTH_TEST_POLICY="$work/policy.json" DESKAUTH_CONFIG="$work/user-elsewhere.json" "$keyring" "$app" --diagnose
  fi
  for pattern in "^OK +Configuration: $work/user-elsewhere.json is valid" \
                 "^WARNING +Policy: 2 settings locked by $work/policy.json; $work/user-elsewhere.json sets oauth.authority, which $work/policy.json locks: the policy's value is used" \
                 "^        oauth.authority = \"$issuer\" \(from $work/policy.json, locked\)$" \
                 "^        http.connectTimeoutSeconds = 7 \(from $work/policy.json, locked\)$" \
                 "^        oauth.loginTimeoutSeconds = 120 \(from $work/user-elsewhere.json\)$" \
                 "^OK +Discovery issuer: '$issuer' matches oauth.authority"; do
    grep -qE -- "$pattern" <<<"$out" || { echo "FAIL: policy over $how lacks: $pattern"; failures=$((failures + 1)); }
  done
  grep -q "127.0.0.1:1[^0-9]" <<<"$out" && { echo "FAIL: policy over $how: the user's locked authority was used"; failures=$((failures + 1)); }
done

# A broken policy stops everything (fail closed): never the user's values for what it may lock.
printf '{ "oauth": { "authority": "%s", "authority": "https://127.0.0.1:1" } }\n' "$issuer" >"$work/twice-policy.json"
printf '{ "oauth": ' >"$work/broken-policy.json"
printf '{ "oauth": { "clientId": 7 } }\n' >"$work/typed-policy.json"
for bad in "twice-policy.json:oauth.authority is given more than once" \
           "broken-policy.json:\(JSON\) is not valid JSON" \
           "typed-policy.json:oauth.clientId must be a string"; do
  check "bad policy ${bad%%:*}" 1 "^PROBLEM +Configuration: The configuration in $work/${bad%%:*} is not valid: ${bad#*:}" -- \
    env DESKAUTH_TEST_POLICY="$work/${bad%%:*}" "$keyring" "$app" --diagnose --config "$work/good.json"
  grep -q "Authority reachable" <<<"$out" && { echo "FAIL: bad policy ${bad%%:*}: went on without the policy"; failures=$((failures + 1)); }
done
# The app itself refuses to start the same way (headless: the error on stderr, with its error ID).
check "app refuses a broken policy" 1 "^deskauth: The configuration in $work/broken-policy.json is not valid: .*\[error ID DA-" -- \
  env DESKAUTH_TEST_POLICY="$work/broken-policy.json" "$app" --config "$work/good.json"

config cadir '{"tls": {"extraCaFile": null, "extraCaDir": "'"$work/cadir"'"}}'
sed -i 's/"extraCaFile": null,\?//' "$work/cadir.json"
check "CA folder (tls.extraCaDir)" 0 "^OK +TLS certificate chain: trusted by tls.extraCaDir \($work/cadir\)$" -- diagnose "$work/cadir.json"

# Only the CA source that vouches for the certificate is named: each is asked alone. Another dev
# CA (one that signed nothing this server shows) beside the right one, in the other source.
"$repo/scripts/dev-certs" "$work/other-certs" >/dev/null || { echo "FAIL: scripts/dev-certs (another CA)"; exit 1; }
mkdir -p "$work/other-cadir" && cp "$work/other-certs/ca.pem" "$work/other-cadir/unrelated-root.crt"
config file-vouches '{"tls": {"extraCaFile": "'"$work/certs/ca.pem"'", "extraCaDir": "'"$work/other-cadir"'"}}'
check "tls.extraCaFile vouches, tls.extraCaDir does not" 0 \
  "^OK +TLS certificate chain: trusted by tls.extraCaFile \($work/certs/ca.pem\)$" -- diagnose "$work/file-vouches.json"
config dir-vouches '{"tls": {"extraCaFile": "'"$work/other-certs/ca.pem"'", "extraCaDir": "'"$work/cadir"'"}}'
check "tls.extraCaDir vouches, tls.extraCaFile does not" 0 \
  "^OK +TLS certificate chain: trusted by tls.extraCaDir \($work/cadir\)$" -- diagnose "$work/dir-vouches.json"
# The system store (OpenSSL's default CA file, here named by SSL_CERT_FILE as a distribution's
# ca-certificates would provide it) vouches, an unrelated tls.extraCaFile does not: the system is named.
config system-vouches '{"tls": {"extraCaFile": "'"$work/other-certs/ca.pem"'"}}'
check "the system CAs vouch" 0 "^OK +TLS certificate chain: trusted by the system CAs$" -- \
  env SSL_CERT_FILE="$work/certs/ca.pem" "$keyring" "$app" --diagnose --config "$work/system-vouches.json"

config wrong-authority '{"oauth": {"authority": "https://127.0.0.1:1"}}'
check "wrong authority" 1 "^PROBLEM +Authority reachable: The server at 127.0.0.1:1 is not reachable" -- diagnose "$work/wrong-authority.json"

config untrusted '{"tls": {}}'
"$repo/scripts/node" -e 'const f=process.argv[1],c=JSON.parse(require("fs").readFileSync(f));delete c.tls;require("fs").writeFileSync(f,JSON.stringify(c))' "$work/untrusted.json"
check "untrusted CA" 1 "^PROBLEM +TLS certificate chain: the certificate of 127.0.0.1:$port is not trusted by the system CAs.*issuer '[^']*DeskAuth Development CA" -- diagnose "$work/untrusted.json"

config mismatch '{"oauth": {"authority": "https://localhost:'"$port"'"}}'
check "issuer mismatch" 1 "^PROBLEM +Discovery issuer: the server says its issuer is '$issuer', but oauth.authority is 'https://localhost:$port'" -- diagnose "$work/mismatch.json"

"$repo/scripts/node" -e '
  const net = require("net");
  for (const port of [18291, 18292, 18293]) net.createServer().listen(port, "127.0.0.1");
  console.log("listening on 18291-18293");
' >"$work/busy.out" 2>&1 &
busy_pid=$!; pids+=($busy_pid)
for _ in $(seq 100); do grep -q listening "$work/busy.out" && break; sleep 0.05; done
check "busy ports" 1 "^PROBLEM +Loopback ports: every port of 127.0.0.1:18291-18293 is in use: 18291 \(node, pid $busy_pid\), 18292 \(node, pid $busy_pid\), 18293 \(node, pid $busy_pid\)" -- diagnose "$work/good.json"
kill "$busy_pid"; wait "$busy_pid" 2>/dev/null

# No D-Bus session at all: sign-in still works (memory only), so a warning, exit 0.
check "no secret store" 0 "^WARNING +Secret store: secret-service cannot be used, so sessions would be kept in memory only: .*no D-Bus session bus" -- \
  env -u DBUS_SESSION_BUS_ADDRESS "$app" --diagnose --config "$work/good.json"

config proxied '{"proxy": {"url": "'"$proxy"'", "noProxy": "<-loopback>"}}'
check "through the proxy" 0 "^OK +Authority reachable: 127.0.0.1:$port answered HTTP 200, through the proxy 127.0.0.1:${proxy##*:} \(proxy.url\)" -- diagnose "$work/proxied.json"
grep -q "^CONNECT 127.0.0.1:$port$" "$work/proxy.out" || { echo "FAIL: the proxy saw no CONNECT 127.0.0.1:$port"; failures=$((failures + 1)); }
config bad-proxy '{"proxy": {"url": "http://127.0.0.1:1", "noProxy": "<-loopback>"}}'
check "proxy down" 1 "^PROBLEM +Authority reachable: The proxy 127.0.0.1:1 \(proxy.url\) is not reachable" -- diagnose "$work/bad-proxy.json"
check "HTTPS_PROXY honoured" 1 "through the proxy 127.0.0.1:1 \(HTTPS_PROXY\)" -- env HTTPS_PROXY=http://127.0.0.1:1 NO_PROXY='<-loopback>' "$keyring" "$app" --diagnose --config "$work/good.json"

# A proxy that demands a login: refused without one; the login comes from the secret store.
start_listening authproxy "$repo/tests/support/connect-proxy.mjs" --login alice:proxy-pass; authproxy="$url"
config authproxied '{"proxy": {"url": "'"$authproxy"'", "noProxy": "<-loopback>"}}'
check "proxy login missing" 1 "^PROBLEM +Authority reachable: The proxy 127.0.0.1:${authproxy##*:} refused to connect to 127.0.0.1:$port" -- diagnose "$work/authproxied.json"
grep -q "^REFUSED 127.0.0.1:$port$" "$work/authproxy.out" || { echo "FAIL: the proxy did not refuse the tunnel"; failures=$((failures + 1)); }
check "proxy login from the secret store" 0 "^OK +Authority reachable: 127.0.0.1:$port answered HTTP 200, through the proxy 127.0.0.1:${authproxy##*:} \(proxy.url\)" -- \
  "$keyring" bash -c 'printf %s alice:proxy-pass | secret-tool store --label="DeskAuth proxy" app deskauth-proxy proxy "$2" && exec "$0" --diagnose --config "$1"' \
  "$app" "$work/authproxied.json" "127.0.0.1:${authproxy##*:}"
grep -q "^CONNECT 127.0.0.1:$port$" "$work/authproxy.out" || { echo "FAIL: the proxy saw no CONNECT with the login"; failures=$((failures + 1)); }
grep -q "proxy-pass" <<<"$out" && { echo "FAIL: the proxy password was printed"; failures=$((failures + 1)); }

config private-uri '{"redirect": {"mode": "private-uri"}}'
check "scheme not registered" 0 "^WARNING +Private URI scheme: com.deskauth.desktop: is not registered" -- env -u DBUS_SESSION_BUS_ADDRESS "$app" --diagnose --config "$work/private-uri.json"
"$app" --config "$work/private-uri.json" --register-scheme >/dev/null
check "scheme registered" 0 "^OK +Private URI scheme: com.deskauth.desktop: opens " -- env -u DBUS_SESSION_BUS_ADDRESS "$app" --diagnose --config "$work/private-uri.json"

printf '{ "oauth": ' >"$work/broken.json"
check "invalid configuration" 1 "^PROBLEM +Configuration: The configuration in .*broken.json is not valid" -- "$app" --diagnose --config "$work/broken.json"

echo; echo "$failures failure(s)"
exit $((failures > 0))
