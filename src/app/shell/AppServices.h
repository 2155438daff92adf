#pragma once
// The core services one app window uses, built from the configuration. Shared (shared_ptr) with
// background work so that a network call finishing after the window closed still has valid
// services.
// Threads: create() runs on the UI thread and does not block (the secret store opens later, in the
// background); the services themselves are thread-safe and are used from background threads.
#include "config/Configuration.h"
#include "http/ApiClient.h"
#include "http/HttpClient.h"
#include "http/PocoHttpTransport.h"
#include "session/Authenticator.h"
#include "platform/BrowserLauncher.h"
#include "storage/DeferredTokenStore.h"

#include <memory>
#include <optional>
#include <string>

namespace deskauth::app {

struct AppServices {
    Configuration config;
    std::unique_ptr<PocoHttpTransport> transport;
    std::unique_ptr<DeferredTokenStore> store;  // the OS secret store, opened in the background
    std::unique_ptr<SystemBrowserLauncher> browser;
    std::unique_ptr<Authenticator> auth;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<ApiClient> api;

    static std::shared_ptr<AppServices> create(const Configuration& config);
};

}  // namespace deskauth::app
