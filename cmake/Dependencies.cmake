# System packages only. Each missing dependency stops configure with the Debian package to install
# (scripts/install-deps installs all of them).
# Windows (the `windows` preset, cross-compiled with MinGW-w64): every library comes, static, from
# the prefix scripts/windows/build-deps fills (DESKAUTH_MINGW_PREFIX, set by the toolchain file).
find_package(PkgConfig)

if(WIN32 AND MINGW)
  if(NOT DESKAUTH_MINGW_PREFIX OR NOT EXISTS "${DESKAUTH_MINGW_PREFIX}/versions.txt")
    message(FATAL_ERROR "The MinGW-w64 dependency prefix '${DESKAUTH_MINGW_PREFIX}' is missing: "
                        "run scripts/windows/build-deps (or set DESKAUTH_MINGW_PREFIX).")
  endif()
  set(OPENSSL_USE_STATIC_LIBS ON)  # libcrypto.a / libssl.a; FindOpenSSL adds ws2_32 and crypt32
  set(OPENSSL_ROOT_DIR "${DESKAUTH_MINGW_PREFIX}")
  set(wxWidgets_CONFIG_EXECUTABLE "${DESKAUTH_MINGW_PREFIX}/bin/wx-config" CACHE FILEPATH "")
  set(wxWidgets_CONFIG_OPTIONS --static=yes)
  # Everything static, the C and C++ runtimes and winpthreads included, so that the executables
  # need only the DLLs that ship with Windows.
  add_link_options(-static -static-libgcc -static-libstdc++)
  # _WIN32_WINNT 0x0A00 (Windows 10) and the W functions, as scripts/check-windows-sources checks.
  add_compile_definitions(_WIN32_WINNT=0x0A00 UNICODE _UNICODE)
  # POCO's headers include <Winsock2.h> and <Iphlpapi.h> as the Windows SDK spells them; build-deps
  # puts forwarding headers for MinGW's lower-case ones here.
  include_directories(SYSTEM "${DESKAUTH_MINGW_PREFIX}/include/deskauth-case")
endif()

macro(deskauth_require found what debian_package)
  if(NOT ${found})
    message(FATAL_ERROR "${what} not found. On Debian/Ubuntu: apt-get install ${debian_package} "
                        "(or run scripts/install-deps).")
  endif()
endmacro()

find_package(Poco ${DESKAUTH_POCO_QUIET} COMPONENTS Foundation Util Net NetSSL Crypto JSON JWT)
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
  elseif(WIN32 AND MINGW)  # from the build-deps prefix (its libqrencode.pc would point at Linux paths)
    find_path(QRENCODE_INCLUDE_DIR qrencode.h)
    find_library(QRENCODE_LIBRARY NAMES qrencode)
    deskauth_require(QRENCODE_LIBRARY "libqrencode (MinGW)" "nothing: run scripts/windows/build-deps")
    add_library(deskauth_qrencode INTERFACE IMPORTED)
    target_include_directories(deskauth_qrencode INTERFACE "${QRENCODE_INCLUDE_DIR}")
    target_link_libraries(deskauth_qrencode INTERFACE "${QRENCODE_LIBRARY}")
  endif()
endif()

if(DESKAUTH_BUILD_TESTS)
  find_package(GTest QUIET)
  deskauth_require(GTest_FOUND "GoogleTest/GoogleMock" "libgtest-dev libgmock-dev")
  # scripts/node picks the node the tests run (tools/node's where the system's is too old).
  unset(NODE_EXECUTABLE CACHE)  # an older build folder's find_program result
  set(NODE_EXECUTABLE "${PROJECT_SOURCE_DIR}/scripts/node")
  execute_process(COMMAND "${NODE_EXECUTABLE}" --version OUTPUT_VARIABLE DESKAUTH_NODE_VERSION
                  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE DESKAUTH_NODE_RESULT)
  string(REGEX REPLACE "^v" "" DESKAUTH_NODE_VERSION "${DESKAUTH_NODE_VERSION}")
  if(NOT DESKAUTH_NODE_RESULT EQUAL 0 OR DESKAUTH_NODE_VERSION VERSION_LESS 20.19)
    message(FATAL_ERROR "node >= 20.19 is needed for the development authorization server; scripts/node "
                        "runs '${DESKAUTH_NODE_VERSION}'. Run scripts/install-deps (it installs one into tools/node).")
  endif()
endif()
