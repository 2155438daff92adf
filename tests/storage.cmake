# Token storage suites (included by tests/CMakeLists.txt).

# Unit: the codec, backend selection and Credential Manager part splitting; no keyring needed.
add_executable(deskauth_storage_unit_tests
  unit/storage/CredentialBlobPartsTest.cpp
  unit/storage/DeferredTokenStoreTest.cpp
  unit/storage/RememberedAccountTest.cpp
  unit/storage/TokenSetCodecTest.cpp
  unit/storage/TokenStoreFactoryTest.cpp
)
if(NOT WIN32 AND NOT APPLE)
  target_sources(deskauth_storage_unit_tests PRIVATE unit/storage/SessionBusTest.cpp)
endif()
target_link_libraries(deskauth_storage_unit_tests PRIVATE deskauth_core GTest::gtest_main)
gtest_discover_tests(deskauth_storage_unit_tests PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)

# Integration: a real GNOME Keyring Secret Service, private to the run (tests/support/with-keyring
# starts it on its own D-Bus session; a missing tool fails the test). One ctest entry runs the
# whole binary: every case must run inside the wrapper's bus and keyring.
if(NOT WIN32 AND NOT APPLE)
  add_executable(deskauth_keyring_tests
    integration/storage/FallbackTest.cpp
    integration/storage/KeyringTestMain.cpp
    integration/storage/KeyringTestSupport.cpp
    integration/storage/SecretServiceTokenStoreTest.cpp
    integration/storage/SessionRestoreTest.cpp
  )
  target_link_libraries(deskauth_keyring_tests PRIVATE deskauth_test_support PkgConfig::LIBSECRET GTest::gtest)
  target_include_directories(deskauth_keyring_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/integration/storage)
  set_source_files_properties(integration/storage/KeyringTestSupport.cpp PROPERTIES COMPILE_DEFINITIONS
    "DESKAUTH_WITH_KEYRING=\"${CMAKE_CURRENT_SOURCE_DIR}/support/with-keyring\"")  # this file only: see TestPaths.cpp
  add_test(NAME deskauth_keyring_tests
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/support/with-keyring $<TARGET_FILE:deskauth_keyring_tests>)
  # Serial: the login cases use loopback ports 18231-18233 and start an authorization server.
  set_tests_properties(deskauth_keyring_tests PROPERTIES LABELS integration RUN_SERIAL TRUE TIMEOUT 600)
endif()
