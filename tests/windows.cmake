# Windows-only unit tests (included by tests/CMakeLists.txt for the windows preset): what only
# the Windows API does, against the real API (Wine's under scripts/windows/test): the Credential
# Manager store, the ROOT certificate store, the shell's default browser, the named-pipe single
# instance.
add_executable(deskauth_windows_tests
  unit/windows/CredentialManagerTokenStoreTest.cpp
  unit/windows/ShellBrowserLaunchTest.cpp
  unit/windows/SingleInstanceWindowsTest.cpp
  unit/windows/WindowsRootStoreTest.cpp
)
target_link_libraries(deskauth_windows_tests PRIVATE deskauth_test_support GTest::gtest_main advapi32 crypt32)
gtest_discover_tests(deskauth_windows_tests PROPERTIES LABELS "unit;windows" DISCOVERY_TIMEOUT 60)
