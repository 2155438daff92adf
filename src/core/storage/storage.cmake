# Token storage (included by src/core/CMakeLists.txt). The codec, the factory and the Credential
# Manager part splitting are portable; each platform adds its own secret store backend.
target_sources(deskauth_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/CredentialBlobParts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CrossProcessLock.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DecodeOrDiscard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DeferredTokenStore.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ProxyLogin.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TokenSetCodec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TokenStoreFactory.cpp)

if(WIN32)
  target_sources(deskauth_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/CredentialManagerTokenStore.cpp)
  target_link_libraries(deskauth_core PRIVATE advapi32)
elseif(APPLE)
  target_sources(deskauth_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/KeychainTokenStore.cpp)
  target_link_libraries(deskauth_core PRIVATE "-framework Security" "-framework CoreFoundation")
else()
  target_sources(deskauth_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/SecretServiceTokenStore.cpp
                                       ${CMAKE_CURRENT_LIST_DIR}/SessionBus.cpp)
  target_link_libraries(deskauth_core PRIVATE PkgConfig::LIBSECRET)
endif()
