#include "session/Authenticator.h"

#include "redirect/RedirectUri.h"

namespace deskauth {

Authenticator::Authenticator(const Configuration& config, HttpTransport& transport, TokenStore& store,
                             BrowserLauncher& browser, const std::filesystem::path& rememberedAccountFile)
    : config_(config),
      remembered_(rememberedAccountFile),
      discovery_(transport, config_.oauth.authority),
      tokenClient_(transport, discovery_, config_.oauth.clientId, config_.oauth.authorization.resources),
      session_(config_, transport, discovery_, tokenClient_, store, browser, remembered_),
      browserLogin_(config_, discovery_, tokenClient_, session_, browser, remembered_),
      deviceLogin_(config_, discovery_, tokenClient_, session_) {}

Authenticator::~Authenticator() = default;

bool Authenticator::restoreSession() { return session_.restore(); }

void Authenticator::startLogin(LoginCallback done, const BrowserCallback& browser, CancelSignal* stop) {
    browserLogin_.start(std::move(done), browser, stop);
}

void Authenticator::switchAccount(LoginCallback done, const BrowserCallback& browser, CancelSignal* stop) {
    remembered_.forget();
    browserLogin_.start(std::move(done), browser, stop, AccountChoice::Switch);
}

std::string Authenticator::rememberedAccount() { return remembered_.name(); }

void Authenticator::cancelLogin() {
    browserLogin_.cancel();
    deviceLogin_.cancel();
}

bool Authenticator::loginInProgress() const { return browserLogin_.inProgress() || deviceLogin_.inProgress(); }

bool Authenticator::deviceLoginAvailable() { return deviceLogin_.available(); }

void Authenticator::startDeviceLogin(const DevicePromptCallback& prompt, LoginCallback done, CancelSignal* stop) {
    deviceLogin_.start(prompt, std::move(done), stop);
}

std::exception_ptr Authenticator::handleRedirectUrl(const std::string& url) {
    return browserLogin_.handleRedirectUrl(url);
}

std::string Authenticator::privateRedirectUri() const { return deskauth::privateRedirectUri(config_.redirect); }

std::string Authenticator::accessToken() { return session_.accessToken(); }

void Authenticator::authorize(HttpRequest& request, const std::string& token) { session_.authorize(request, token); }

bool Authenticator::retryWithNonce(const HttpRequest& request, const HttpResponse& response) {
    return session_.retryWithNonce(request, response);
}

std::string Authenticator::refreshAccessToken(const std::string& rejected) {
    return session_.refreshAccessToken(rejected);
}

bool Authenticator::isSignedIn() const { return session_.isSignedIn(); }

std::optional<SignedInUser> Authenticator::user() const { return session_.user(); }

LogoutResult Authenticator::logout() {
    // A login still waiting would otherwise sign the user back in after they signed out.
    cancelLogin();
    return session_.logout();
}

bool Authenticator::acceptLogoutReturn(const std::string& url) { return session_.acceptLogoutReturn(url); }

void Authenticator::onSessionChanged(SessionChangedHandler handler) { session_.onChanged(std::move(handler)); }

void Authenticator::onStorageProblem(StorageProblemHandler handler) { session_.onStorageProblem(std::move(handler)); }

void Authenticator::expireAccessToken() { session_.expireAccessToken(); }

void Authenticator::expireRefreshToken() { session_.expireRefreshToken(); }

}  // namespace deskauth
