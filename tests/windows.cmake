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
  set_tests_properties(windows.installers PROPERTIES LABELS "windows" TIMEOUT 900 RUN_SERIAL TRUE)
endif()
