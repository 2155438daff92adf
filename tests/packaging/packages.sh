#!/usr/bin/env bash
# The packages as a packager and a user meet them: `cpack -G "DEB;RPM;TGZ"` from this build, then
# per package its contents (app and API apart, never a key or certificate), its dependencies
# (runtime libraries, never -dev), lintian (no error), stripped binaries, the desktop entry and
# AppStream metadata (validated by the freedesktop tools, screenshots present in the repo), the
# hicolor icons, and the installed app run from the unpacked tree: --version, finding its packaged
# configuration (or the user's XDG one before it) and registering its URL scheme.
# Usage: packages.sh <build-dir> <source-dir>
set -u  # no pipefail: `producer | grep -q` must report what grep found, not a SIGPIPE
build="$1" source="$2"
for tool in cpack dpkg-deb lintian rpm desktop-file-validate appstreamcli readelf identify; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (run scripts/install-deps)"; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
has() { grep -qx -- "$2" <<<"$1"; }  # listing path

if ! (cd "$work" && cpack -G "DEB;RPM;TGZ" --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1); then
  cat "$work/cpack.log"; echo "FAIL: cpack"; exit 1
fi
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
arch=$(dpkg --print-architecture) rpmarch=$(uname -m)
app_deb="$work/out/deskauth_${version}_$arch.deb" api_deb="$work/out/deskauth-api_${version}_$arch.deb"
app_rpm="$work/out/deskauth-$version-1.$rpmarch.rpm" api_rpm="$work/out/deskauth-api-$version-1.$rpmarch.rpm"
app_tgz="$work/out/deskauth-$version-Linux.tar.gz" api_tgz="$work/out/deskauth-api-$version-Linux.tar.gz"
for f in "$app_deb" "$api_deb" "$app_rpm" "$api_rpm" "$app_tgz" "$api_tgz"; do
  [[ -f "$f" ]] && ok "cpack made $(basename "$f") ($(stat -c %s "$f") bytes)" || { ls "$work/out"; fail "no $(basename "$f")"; }
done
((failures == 0)) || exit 1

# --- The Debian packages -------------------------------------------------------------------------
app_files=(/usr/bin/deskauth /usr/share/deskauth/desktop.json /usr/share/deskauth/pages/login-success.html
           /usr/share/deskauth/pages/login-error.html /usr/share/applications/com.deskauth.desktop.desktop
           /usr/share/metainfo/com.deskauth.desktop.metainfo.xml /usr/share/doc/deskauth/copyright
           /usr/share/doc/deskauth/changelog.gz /usr/share/man/man1/deskauth.1.gz
           /usr/share/icons/hicolor/scalable/apps/com.deskauth.desktop.svg)
icon_sizes=(16 24 32 48 64 128 256)
for size in "${icon_sizes[@]}"; do app_files+=("/usr/share/icons/hicolor/${size}x$size/apps/com.deskauth.desktop.png"); done
api_files=(/usr/bin/deskauth-api /usr/share/deskauth-api/data/companies.json /usr/share/deskauth-api/data/transactions.json
           /usr/share/doc/deskauth-api/copyright /usr/share/doc/deskauth-api/changelog.gz /usr/share/man/man1/deskauth-api.1.gz)

app_list=$(dpkg-deb -c "$app_deb" | awk '{print substr($6, 2)}')
api_list=$(dpkg-deb -c "$api_deb" | awk '{print substr($6, 2)}')
for path in "${app_files[@]}"; do has "$app_list" "$path" && ok "deskauth.deb has $path" || fail "deskauth.deb lacks $path"; done
for path in "${api_files[@]}"; do has "$api_list" "$path" && ok "deskauth-api.deb has $path" || fail "deskauth-api.deb lacks $path"; done
has "$app_list" /usr/bin/deskauth-api && fail "the app package contains the API" || ok "the app package holds no API"
has "$api_list" /usr/bin/deskauth && fail "the API package contains the app" || ok "the API package holds no app"

depends=$(dpkg-deb -f "$app_deb" Depends)
for lib in libwxgtk3.2 libpoconetssl libsecret-1-0; do
  grep -q "$lib" <<<"$depends" && ok "deskauth depends on $lib" || fail "deskauth's Depends lacks $lib: $depends"
done
grep -q "libpoconet" <<<"$(dpkg-deb -f "$api_deb" Depends)" && ok "deskauth-api depends on POCO" || fail "deskauth-api's Depends lacks POCO"
grep -qE -- '-dev\b' <<<"$depends $(dpkg-deb -f "$api_deb" Depends)" && fail "a -dev package in Depends" || ok "no -dev package in Depends"

lintian --tag-display-limit 0 "$app_deb" "$api_deb" >"$work/lintian.log" 2>&1
sed 's/^/  lintian: /' "$work/lintian.log"
grep -q '^E: ' "$work/lintian.log" && fail "lintian reports errors" || ok "lintian reports no error"

# --- The RPM packages ----------------------------------------------------------------------------
requires=$(rpm -qpR "$app_rpm" 2>/dev/null)
for lib in 'libwx_gtk3u_core-3\.2\.so' 'libPocoNetSSL\.so' 'libsecret-1\.so'; do
  grep -q "$lib" <<<"$requires" && ok "deskauth.rpm requires $lib" || fail "deskauth.rpm does not require $lib: $requires"
done
grep -qE -- '-devel?\b' <<<"$requires $(rpm -qpR "$api_rpm" 2>/dev/null)" && fail "a -devel package in Requires" ||
  ok "no -devel package in Requires"
rpm_list=$(rpm -qpl "$app_rpm" 2>/dev/null)
for path in "${app_files[@]}"; do has "$rpm_list" "$path" || fail "deskauth.rpm lacks $path"; done
has "$rpm_list" /usr/bin/deskauth-api && fail "the app RPM contains the API" || ok "deskauth.rpm holds the app's files only"
has "$(rpm -qpl "$api_rpm" 2>/dev/null)" /usr/bin/deskauth-api && ok "deskauth-api.rpm has the API" || fail "deskauth-api.rpm lacks the API"

# --- Every package: no key or certificate (the development server's stay in the repo) -------------
for f in "$app_deb" "$api_deb"; do dpkg-deb -c "$f"; done | grep -qE '\.(key|pem|crt)$' && fail "a .deb has a key or certificate" ||
  ok "no key or certificate in the .debs"
rpm -qpl "$app_rpm" "$api_rpm" 2>/dev/null | grep -qE '\.(key|pem|crt)$' && fail "an .rpm has a key or certificate" ||
  ok "no key or certificate in the .rpms"
{ tar -tzf "$app_tgz"; tar -tzf "$api_tgz"; } | grep -qE '\.(key|pem|crt)$' && fail "an archive has a key or certificate" ||
  ok "no key or certificate in the archives"

# --- The unpacked Debian packages --------------------------------------------------------------
root="$work/root"
dpkg-deb -x "$app_deb" "$root" && dpkg-deb -x "$api_deb" "$root"
for bin in deskauth deskauth-api; do
  readelf -S "$root/usr/bin/$bin" | grep -qE '\.(symtab|debug_info)' && fail "$bin is not stripped" || ok "$bin is stripped"
done
desktop-file-validate "$root/usr/share/applications/com.deskauth.desktop.desktop" && ok "desktop entry is valid" ||
  fail "desktop-file-validate"
grep -qx 'MimeType=x-scheme-handler/com.deskauth.desktop;' "$root/usr/share/applications/com.deskauth.desktop.desktop" &&
  ok "desktop entry handles the sign-in scheme" || fail "desktop entry lacks the scheme MimeType"
metainfo="$root/usr/share/metainfo/com.deskauth.desktop.metainfo.xml"
appstreamcli validate --no-net --pedantic "$metainfo" >"$work/as.log" 2>&1 &&
  ok "AppStream metadata is valid" || { cat "$work/as.log"; fail "appstreamcli validate"; }
shots=0
while read -r width height name; do
  shots=$((shots + 1))
  image="$source/resources/screenshots/$name"
  [[ -f "$image" && "$(identify -format '%w %h' "$image")" == "$width $height" ]] &&
    ok "screenshot $name is in resources/screenshots ($width x $height)" || fail "screenshot $name missing or not $width x $height"
done < <(sed -n 's|.*<image type="source" width="\([0-9]*\)" height="\([0-9]*\)">https://[^<]*/\([^/<]*\)</image>.*|\1 \2 \3|p' "$metainfo")
((shots > 0)) && ok "$shots AppStream screenshots" || fail "the metainfo has no screenshot"
for size in "${icon_sizes[@]}"; do
  icon="$root/usr/share/icons/hicolor/${size}x$size/apps/com.deskauth.desktop.png"
  [[ "$(identify -format '%m %w %h' "$icon" 2>/dev/null)" == "PNG $size $size" ]] || fail "icon $icon is not a $size px PNG"
done
ok "PNG icons are ${icon_sizes[*]} px"

config="$root/usr/share/deskauth/desktop.json"
grep -q '"showTesterMenu": false' "$config" && ok "tester menu hidden in the packaged config" || fail "the packaged config shows the tester menu"
# Device sign-in (RFC 8628) is for the companies that choose it: a user code typed on another
# device is what device-code phishing abuses (RFC 8628 §5.4), so end users do not get it by default.
grep -q '"deviceFlow": "off"' "$config" && ok "device sign-in off in the packaged config" || fail "the packaged config offers device sign-in"
grep -qE '127\.0\.0\.1|localhost|extraCaFile|\.devcerts' "$config" && fail "the packaged config points at the development servers" ||
  ok "the packaged config names no development server or CA"

"$root/usr/bin/deskauth" --version | grep -qE "^deskauth $version\$" && ok "installed deskauth --version" || fail "installed deskauth --version"
"$root/usr/bin/deskauth-api" --help >/dev/null 2>&1 && ok "installed deskauth-api --help" || fail "installed deskauth-api --help"

# The unpacked app finds its configuration by itself: the user's $XDG_CONFIG_HOME/deskauth one
# before the packaged ../share/deskauth one. The scheme registration names the one it uses.
unset DISPLAY WAYLAND_DISPLAY DESKAUTH_CONFIG
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
entry="$XDG_DATA_HOME/applications/deskauth-com.deskauth.desktop.desktop"
registers_with() {  # what deskauth config: the unpacked app registers its scheme naming config
  local out
  if out=$("$2" --register-scheme 2>&1); then
    grep -q -- "--config $3" "$entry" && ok "$1: registered with $3" || fail "$1: registration does not name $3: $(cat "$entry")"
  else
    fail "$1: deskauth --register-scheme: $out"
  fi
}
registers_with "deb" "$root/usr/bin/deskauth" "$root/usr/share/deskauth/desktop.json"
desktop-file-validate "$entry" && ok "the registered scheme handler entry is valid" || fail "desktop-file-validate $entry"
mkdir -p "$XDG_CONFIG_HOME/deskauth/pages"
cp "$config" "$XDG_CONFIG_HOME/deskauth/desktop.json"
cp "$root"/usr/share/deskauth/pages/*.html "$XDG_CONFIG_HOME/deskauth/pages/"
registers_with "deb, user config" "$root/usr/bin/deskauth" "$XDG_CONFIG_HOME/deskauth/desktop.json"
rm -r "$XDG_CONFIG_HOME/deskauth"

# --- The archive: relocatable, unpacked anywhere ---------------------------------------------------
mkdir "$work/tgz" && tar -xzf "$app_tgz" -C "$work/tgz"
prefix="$work/tgz/deskauth-$version-Linux"
"$prefix/bin/deskauth" --version | grep -qE "^deskauth $version\$" && ok "archive deskauth --version" || fail "archive deskauth --version"
registers_with "archive" "$prefix/bin/deskauth" "$prefix/share/deskauth/desktop.json"

((failures == 0)) || { echo "$failures check(s) failed"; exit 1; }
echo "all package checks passed"
