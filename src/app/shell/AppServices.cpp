#include "shell/AppServices.h"

#include "storage/TokenStoreFactory.h"

namespace deskauth::app {

std::shared_ptr<AppServices> AppServices::create(const Configuration& config) {
    auto services = std::make_shared<AppServices>();
    services->config = config;
    TransportSettings transport;
    transport.extraCaFile = config.tls.extraCaFile;
    transport.proxyUrl = config.proxy.url;
    transport.noProxy = config.proxy.noProxy;
    transport.connectTimeout = std::chrono::seconds(config.http.connectTimeoutSeconds);
    transport.requestTimeout = std::chrono::seconds(config.http.requestTimeoutSeconds);
    services->transport = std::make_unique<PocoHttpTransport>(transport);
    // Blocks only when the keyring asks the user to unlock it, before any window is shown.
    TokenStoreChoice storage = chooseTokenStore(config);
    services->store = std::move(storage.store);
    if (storage.fallbackNotice) {
        services->storageNotice = storage.fallbackNotice->userMessage() + " (Error ID " + storage.fallbackNotice->id() + ")";
    }
    services->browser = std::make_unique<SystemBrowserLauncher>(config.browser.command);
    services->auth = std::make_unique<Authenticator>(config, *services->transport, *services->store, *services->browser);
    services->http = std::make_unique<HttpClient>(*services->transport, *services->auth);
    services->api = std::make_unique<ApiClient>(*services->http, config.api.baseUrl);
    return services;
}

}  // namespace deskauth::app
