#!/usr/bin/env bash
# The Debian package as a packager and a user would meet it: cpack -G DEB from this build, then
# the package's contents, its dependencies, the desktop entry and AppStream metadata (validated by
# the freedesktop tools), the installed binaries, and the installed app finding its own
# configuration (../share/deskauth/desktop.json) and registering its URL scheme with a valid
# desktop entry. Usage: deb-package.sh <build-dir>
set -uo pipefail
build="$1"
for tool in cpack dpkg-deb desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (run scripts/install-deps)"; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

if ! (cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1); then
  cat "$work/cpack.log"; echo "FAIL: cpack -G DEB"; exit 1
fi
deb=$(ls "$work"/out/*.deb 2>/dev/null | head -1)
[[ -f "$deb" ]] || { echo "FAIL: no .deb produced"; exit 1; }
ok "cpack made $(basename "$deb") ($(stat -c %s "$deb") bytes)"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./usr/bin/deskauth ./usr/bin/deskauth-api ./usr/share/deskauth/desktop.json \
            ./usr/share/deskauth/pages/login-success.html ./usr/share/deskauth/pages/login-error.html \
            ./usr/share/applications/com.deskauth.desktop.desktop \
            ./usr/share/metainfo/com.deskauth.desktop.metainfo.xml \
            ./usr/share/icons/hicolor/scalable/apps/com.deskauth.desktop.svg; do
  grep -qx -- "$path" <<<"$contents" && ok "contains $path" || fail "missing $path"
done
grep -qE '\.(key|pem)$' <<<"$contents" && fail "the package contains a key or certificate" || ok "no key or certificate packaged"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libwxgtk3.2 libpoconetssl libsecret-1-0; do
  grep -q "$lib" <<<"$depends" && ok "depends on $lib" || fail "Depends lacks $lib: $depends"
done

root="$work/root"
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/com.deskauth.desktop.desktop" && ok "desktop entry is valid" ||
  fail "desktop-file-validate"
appstreamcli validate --no-net --pedantic "$root/usr/share/metainfo/com.deskauth.desktop.metainfo.xml" >"$work/as.log" 2>&1 &&
  ok "AppStream metadata is valid" || { cat "$work/as.log"; fail "appstreamcli validate"; }
grep -q '"showTesterMenu": false' "$root/usr/share/deskauth/desktop.json" && ok "tester menu hidden in the packaged config" ||
  fail "the packaged config shows the tester menu"

"$root/usr/bin/deskauth" --version | grep -qE '^deskauth [0-9]+\.[0-9]+\.[0-9]+' && ok "installed deskauth --version" ||
  fail "installed deskauth --version"
"$root/usr/bin/deskauth-api" --help >/dev/null 2>&1 && ok "installed deskauth-api --help" || fail "installed deskauth-api --help"

# The installed app finds ../share/deskauth/desktop.json by itself and registers its scheme.
unset DISPLAY WAYLAND_DISPLAY DESKAUTH_CONFIG
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
if out=$("$root/usr/bin/deskauth" --register-scheme 2>&1); then
  entry="$XDG_DATA_HOME/applications/deskauth-com.deskauth.desktop.desktop"
  grep -q -- "--config $root/usr/share/deskauth/desktop.json" "$entry" && ok "registered with the installed config" ||
    fail "registration does not name the installed config: $(cat "$entry")"
  desktop-file-validate "$entry" && ok "the registered scheme handler entry is valid" || fail "desktop-file-validate $entry"
else
  fail "installed deskauth --register-scheme: $out"
fi

[[ $failures -eq 0 ]] || { echo "$failures check(s) failed"; exit 1; }
echo "all package checks passed"
