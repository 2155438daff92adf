# Windows-only unit tests (included by tests/CMakeLists.txt for the windows preset): what only
# the Windows API does, against the real API (Wine's under scripts/windows/test): the Credential
# Manager store, the ROOT certificate store, the shell's default browser, the named-pipe single
# instance, the policy registry keys.
add_executable(deskauth_windows_tests
  unit/windows/CredentialManagerTokenStoreTest.cpp
  unit/windows/PlatformPolicyKeysTest.cpp
  unit/windows/ShellBrowserLaunchTest.cpp
  unit/windows/SingleInstanceWindowsTest.cpp
  unit/windows/WindowsRootStoreTest.cpp
)
target_link_libraries(deskauth_windows_tests PRIVATE deskauth_test_support GTest::gtest_main advapi32 crypt32)
gtest_discover_tests(deskauth_windows_tests PROPERTIES LABELS "unit;windows" DISCOVERY_TIMEOUT 60)

# The e2e journeys of the Windows app under Wine (tests/e2e/wine-journeys.mjs): deskauth.exe in a
# WINEPREFIX and on an Xvfb display of each run's own, against the Linux development
# authorization server and the Linux deskauth-api, which a windows build does not have: it comes
# from the Linux build DESKAUTH_LINUX_BUILD_DIR (build/debug by default; a missing one fails the
# journey). "plumbing" checks the prefix, winebrowser and the test browser with deskauth-api.exe
# (no app, no registered ports). The app's loopback listener uses the registered ports 8001-8003:
# those journeys hold the ports lock as tests/e2e.cmake's do.
set(DESKAUTH_LINUX_BUILD_DIR "${PROJECT_SOURCE_DIR}/build/debug" CACHE PATH
    "A Linux build with src/api/deskauth-api, for the Wine journeys")
add_test(NAME e2e.wine-plumbing COMMAND ${NODE_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/wine-journeys.mjs plumbing)
set_tests_properties(e2e.wine-plumbing PROPERTIES LABELS "windows;e2e" TIMEOUT 900
  ENVIRONMENT "DESKAUTH_BUILD_DIR=${PROJECT_BINARY_DIR};DESKAUTH_API_BUILD_DIR=${DESKAUTH_LINUX_BUILD_DIR}")
if(TARGET deskauth)
  foreach(journey IN ITEMS sign-in expire-access-token restart private-uri forged-private-uri)
    add_test(NAME e2e.wine-${journey}
             COMMAND flock /tmp/deskauth-ports.lock ${NODE_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/wine-journeys.mjs ${journey})
    set_tests_properties(e2e.wine-${journey} PROPERTIES
      LABELS "windows;e2e" RESOURCE_LOCK deskauth-ports TIMEOUT 900
      ENVIRONMENT "DESKAUTH_BUILD_DIR=${PROJECT_BINARY_DIR};DESKAUTH_API_BUILD_DIR=${DESKAUTH_LINUX_BUILD_DIR}")
  endforeach()
endif()

# The executables import only DLLs that ship with Windows; deskauth.exe is a GUI program with its
# icon, manifest and version information (scripts/windows/check-executables, run on Linux).
set(_deskauth_executables $<TARGET_FILE:deskauth_windows_tests>)
if(TARGET deskauth-api)
  list(APPEND _deskauth_executables $<TARGET_FILE:deskauth-api>)
endif()
if(TARGET deskauth)
  list(APPEND _deskauth_executables --gui $<TARGET_FILE:deskauth>)
endif()
add_test(NAME windows.executables
         COMMAND ${PROJECT_SOURCE_DIR}/scripts/windows/check-executables ${_deskauth_executables})
set_tests_properties(windows.executables PROPERTIES LABELS "windows")

# The NSIS and MSI installers made by CPack, installed, started and removed under Wine
# (scripts/windows/test-installers).
if(TARGET deskauth)
  add_test(NAME windows.installers COMMAND ${PROJECT_SOURCE_DIR}/scripts/windows/test-installers ${PROJECT_BINARY_DIR})
  set_tests_properties(windows.installers PROPERTIES LABELS "windows" TIMEOUT 1200 RUN_SERIAL TRUE
    ENVIRONMENT "DESKAUTH_BUILD_DIR=${PROJECT_BINARY_DIR};DESKAUTH_API_BUILD_DIR=${DESKAUTH_LINUX_BUILD_DIR}")
endif()
