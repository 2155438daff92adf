#include "shell/AppServices.h"

#include "http/ConfiguredTransport.h"
#include "shell/UserFolders.h"
#include "storage/ProxyLogin.h"
#include "storage/TokenStoreFactory.h"

namespace deskauth::app {

std::shared_ptr<AppServices> AppServices::create(const Configuration& config) {
    auto services = std::make_shared<AppServices>();
    services->config = config;
    services->transport = std::make_unique<PocoHttpTransport>(transportSettings(config, proxyLoginPair));
    // A storage.backend this platform does not have is a configuration error, reported now; the
    // keyring itself is opened on its own thread, so an unlock prompt never holds the window back.
    resolveStorageBackend(config, currentPlatform());
    services->store = std::make_unique<DeferredTokenStore>([config] { return chooseTokenStore(config); });
    services->browser = std::make_unique<SystemBrowserLauncher>(config.browser.command);
    services->auth = std::make_unique<Authenticator>(config, *services->transport, *services->store, *services->browser,
                                                     rememberedAccountFile());
    services->http = std::make_unique<HttpClient>(*services->transport, *services->auth);
    services->api = std::make_unique<ApiClient>(*services->http, config.api.baseUrl);
    return services;
}

}  // namespace deskauth::app
