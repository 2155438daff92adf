# Tests of the sample API (src/api). Included by tests/CMakeLists.txt when the API is built.
if(NOT TARGET deskauth-api)
  return()
endif()

add_executable(deskauth_api_unit_tests
  unit/api/ApiConfigurationTest.cpp
  unit/api/ApiServiceTest.cpp
  unit/api/BearerAuthenticationTest.cpp
  unit/api/ClaimsCacheTest.cpp
  unit/api/CommandLineTest.cpp
  unit/api/CompanyEndpointsTest.cpp
  unit/api/CompanyRepositoryTest.cpp
  unit/api/DpopAuthenticationTest.cpp
  unit/api/ErrorResponderTest.cpp
  unit/api/IntrospectionValidatorTest.cpp
  unit/api/JwtAccessTokenValidatorTest.cpp
  unit/api/RequestLogTest.cpp
  unit/api/SharedMutexTest.cpp
)
target_link_libraries(deskauth_api_unit_tests PRIVATE deskauth_api_lib deskauth_test_support GTest::gmock GTest::gtest_main)
gtest_discover_tests(deskauth_api_unit_tests PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)

# Against the real development authorization server (node) and the real deskauth-api binary,
# each started as a child process on a free port. Serial: they start servers and measure them.
if(WIN32)  # unit tests only on Windows (tests/CMakeLists.txt)
  return()
endif()

add_executable(deskauth_api_integration_tests
  integration/api/ApiProcess.cpp
  integration/api/ApiTokens.cpp
  integration/api/ApiDpopTest.cpp
  integration/api/ApiEndpointsTest.cpp
  integration/api/ApiResilienceTest.cpp
  integration/api/ApiProcessTest.cpp
  integration/api/ProxySignInTest.cpp
  integration/api/NoSecretInLogsTest.cpp
)
target_link_libraries(deskauth_api_integration_tests PRIVATE deskauth_test_support GTest::gtest_main)
target_include_directories(deskauth_api_integration_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/integration/api)
set_source_files_properties(integration/api/ApiProcess.cpp PROPERTIES COMPILE_DEFINITIONS
  "DESKAUTH_API_EXECUTABLE=\"$<TARGET_FILE:deskauth-api>\"")  # in this file only: see TestPaths.cpp
add_dependencies(deskauth_api_integration_tests deskauth-api)
gtest_discover_tests(deskauth_api_integration_tests
  PROPERTIES LABELS integration RUN_SERIAL TRUE DISCOVERY_TIMEOUT 60 TIMEOUT 180)
