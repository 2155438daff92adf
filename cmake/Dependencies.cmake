# System packages only. Each missing dependency stops configure with the Debian package to install
# (scripts/install-deps installs all of them).
find_package(PkgConfig)

macro(deskauth_require found what debian_package)
  if(NOT ${found})
    message(FATAL_ERROR "${what} not found. On Debian/Ubuntu: apt-get install ${debian_package} "
                        "(or run scripts/install-deps).")
  endif()
endmacro()

find_package(Poco QUIET COMPONENTS Foundation Util Net NetSSL Crypto JSON JWT)
deskauth_require(Poco_FOUND "POCO (Foundation, Util, Net, NetSSL, Crypto, JSON, JWT)" libpoco-dev)

find_package(OpenSSL QUIET)
deskauth_require(OPENSSL_FOUND "OpenSSL" libssl-dev)

find_package(Threads REQUIRED)

if(NOT PkgConfig_FOUND AND NOT WIN32 AND NOT APPLE)
  message(FATAL_ERROR "pkg-config not found. On Debian/Ubuntu: apt-get install pkg-config")
endif()
if(NOT WIN32 AND NOT APPLE)  # the Secret Service store; Keychain / Credential Manager elsewhere
  pkg_check_modules(LIBSECRET QUIET IMPORTED_TARGET libsecret-1)
  deskauth_require(LIBSECRET_FOUND "libsecret" libsecret-1-dev)
endif()

if(DESKAUTH_BUILD_APP)
  find_package(wxWidgets 3.2 QUIET COMPONENTS core base)
  deskauth_require(wxWidgets_FOUND "wxWidgets 3.2 (GTK3)" libwxgtk3.2-dev)
  if(NOT WIN32 AND NOT APPLE)  # the QR code of the device sign-in view
    pkg_check_modules(QRENCODE QUIET IMPORTED_TARGET libqrencode)
    deskauth_require(QRENCODE_FOUND "libqrencode" libqrencode-dev)
  endif()
endif()

if(DESKAUTH_BUILD_TESTS)
  find_package(GTest QUIET)
  deskauth_require(GTest_FOUND "GoogleTest/GoogleMock" "libgtest-dev libgmock-dev")
  find_program(NODE_EXECUTABLE node)
  deskauth_require(NODE_EXECUTABLE "node (for the development authorization server)" nodejs)
endif()
