#include "oauth/Authenticator.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "oauth/AuthorizationRequest.h"
#include "oauth/DeviceAuthorization.h"
#include "redirect/PrivateUriResponse.h"

#include <Poco/JWT/Token.h>

namespace deskauth {

// One login as the user sees it: a listener, a timeout watchdog, and the callback to report to.
// Several attempts (browser tabs) can belong to it; they are in pending_.
struct Authenticator::LoginSession {
    std::uint64_t id = 0;
    std::unique_ptr<LoopbackListener> listener;
    LoginCallback callback;
    std::thread watchdog;

    ~LoginSession() {
        if (watchdog.joinable()) watchdog.join();
        listener.reset();  // joins the listener's threads
    }
};

// One sign-in on another device: the thread polling the token endpoint and the callback.
struct Authenticator::DeviceSession {
    std::uint64_t id = 0;
    LoginCallback callback;
    std::thread poller;

    ~DeviceSession() {
        if (poller.joinable()) poller.join();
    }
};

namespace {

Poco::Logger& logger() { return log::get("auth"); }


std::optional<SignedInUser> userFromStoredIdToken(const std::string& idToken) {
    // The ID token was validated when it was received and comes back from the secret store; it
    // is only read here for the display name (it may have expired since).
    if (idToken.empty()) return std::nullopt;
    try {
        Poco::JWT::Token token(idToken);
        SignedInUser user;
        user.subject = token.payload().optValue<std::string>("sub", "");
        user.name = token.payload().optValue<std::string>("name", "");
        user.email = token.payload().optValue<std::string>("email", "");
        if (user.name.empty()) user.name = user.email;
        return user;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

}  // namespace

Authenticator::Authenticator(const Configuration& config, HttpTransport& transport, TokenStore& store,
                             BrowserLauncher& browser)
    : config_(config),
      transport_(transport),
      store_(store),
      browser_(browser),
      discovery_(transport, config.oauth.authority),
      tokenClient_(transport, discovery_, config.oauth.clientId),
      pages_(config.pages.loginSuccess, config.pages.loginError),
      refreshLock_(config.oauth.authority + "\n" + config.oauth.clientId) {}

Authenticator::~Authenticator() {
    std::vector<std::unique_ptr<LoginSession>> sessions;
    std::vector<std::unique_ptr<DeviceSession>> devices;
    {
        std::lock_guard lock(loginMutex_);
        if (login_) {
            login_->callback = nullptr;
            finished_.push_back(std::move(login_));
        }
        if (device_) {
            device_->callback = nullptr;
            finishedDevice_.push_back(std::move(device_));
        }
        sessions = std::move(finished_);
        devices = std::move(finishedDevice_);
    }
    loginChanged_.notify_all();
    sessions.clear();
    devices.clear();  // the pollers see that their session ended and stop
}

const IdTokenValidator& Authenticator::idTokenValidator() {
    std::lock_guard lock(validatorMutex_);
    if (!idTokenValidator_) {
        const auto metadata = discovery_.metadata();
        jwks_ = std::make_unique<JwksCache>(transport_, metadata.jwksUri);
        verifier_ = std::make_unique<JwtSignatureVerifier>(*jwks_);
        idTokenValidator_ = std::make_unique<IdTokenValidator>(*verifier_, metadata.issuer, config_.oauth.clientId);
    }
    return *idTokenValidator_;
}

bool Authenticator::restoreSession() {
    std::optional<TokenSet> stored;
    try {
        stored = store_.load();
    } catch (const Error& e) {
        log::error(logger(), e);
    }
    if (!stored || stored->empty()) return false;
    std::lock_guard lock(tokensMutex_);
    tokens_ = *stored;
    user_ = userFromStoredIdToken(tokens_.idToken);
    logger().information("restored a saved session from %s", store_.name());
    return true;
}

void Authenticator::startLogin(LoginCallback done, const BrowserCallback& browser) {
    const bool loopback = config_.redirect.mode == "loopback";
    const auto metadata = discovery_.metadata();
    std::vector<std::unique_ptr<LoginSession>> toJoin;
    std::string url;
    {
        std::lock_guard lock(loginMutex_);
        toJoin = std::move(finished_);
        // a finished login may not have closed its port yet (completeLogin): free it for this one
        for (const auto& session : toJoin) {
            if (session->listener) session->listener->stopAccepting();
        }
        if (!login_) {
            auto session = std::make_unique<LoginSession>();
            session->id = nextSessionId_++;
            if (loopback) {
                // RFC 8252 §7.3 and the field's lesson: listen before the browser can redirect to us.
                session->listener = std::make_unique<LoopbackListener>(
                    config_.redirect.loopbackPorts, config_.redirect.callbackPath,
                    [this](const std::map<std::string, std::string>& query) { return handleCallback(query); });
            }
            session->watchdog = std::thread(&Authenticator::watchForTimeout, this, session->id,
                                            std::chrono::seconds(config_.oauth.loginTimeoutSeconds));
            login_ = std::move(session);
        }
        login_->callback = std::move(done);
        PendingLogin attempt = PendingLogin::create(loopback ? login_->listener->redirectUri() : privateRedirectUri());
        url = buildAuthorizationUrl(metadata, config_.oauth.clientId, config_.oauth.scopes, attempt);
        pending_.add(std::move(attempt));
        logger().information("login attempt started (%z attempt(s) waiting for %s)", pending_.size(),
                             loopback ? "port " + std::to_string(login_->listener->port()) : privateRedirectUri());
    }
    toJoin.clear();

    bool opened = true;
    try {
        browser_.open(url);
    } catch (const Error& e) {
        log::error(logger(), e);
        opened = false;  // the login still completes if the user pastes the URL into a browser
    }
    if (browser) browser(url, opened);
}

void Authenticator::watchForTimeout(std::uint64_t sessionId, std::chrono::seconds timeout) {
    {
        std::unique_lock lock(loginMutex_);
        const bool ended = loginChanged_.wait_for(lock, timeout, [&] { return !login_ || login_->id != sessionId; });
        if (ended) return;
    }
    TimedOut error("Sign-in took too long, so it was stopped. Click Sign In to try again.",
                   "no authorization response within " + std::to_string(timeout.count()) + " s");
    log::error(logger(), error);
    completeLogin(std::make_exception_ptr(error), sessionId);
}

void Authenticator::completeLogin(std::exception_ptr error, std::uint64_t sessionId) {
    LoginCallback callback;
    {
        std::lock_guard lock(loginMutex_);
        if (!login_ || login_->id != sessionId) return;  // already completed, cancelled or timed out
        callback = std::move(login_->callback);
        pending_.clear();  // from now on every response is refused, whether or not the port is open
        finished_.push_back(std::move(login_));
    }
    loginChanged_.notify_all();
    if (callback) callback(std::move(error));
    // Closing the port waits for the listener's acceptor thread (it polls every 250 ms), so it comes
    // after the app has been told. Under the lock, and only while the session is still in
    // finished_: a start or cancel that took it meanwhile stops the listener as it destroys it.
    std::lock_guard lock(loginMutex_);
    for (const auto& session : finished_) {
        if (session->id == sessionId && session->listener) session->listener->stopAccepting();
    }
}

void Authenticator::cancelLogin() {
    LoginCallback callback;
    LoginCallback deviceCallback;
    std::vector<std::unique_ptr<LoginSession>> toJoin;
    std::vector<std::unique_ptr<DeviceSession>> devicesToJoin;
    {
        std::lock_guard lock(loginMutex_);
        if (login_) {
            callback = std::move(login_->callback);
            pending_.clear();
            finished_.push_back(std::move(login_));
        }
        if (device_) {
            deviceCallback = std::move(device_->callback);
            finishedDevice_.push_back(std::move(device_));
        }
        toJoin = std::move(finished_);
        devicesToJoin = std::move(finishedDevice_);
    }
    loginChanged_.notify_all();
    toJoin.clear();  // stops the listener (frees the port) and joins its threads
    devicesToJoin.clear();  // the poller wakes from its wait and ends
    for (auto* done : {&callback, &deviceCallback}) {
        if (!*done) continue;
        logger().information("login cancelled by the user");
        (*done)(std::make_exception_ptr(Cancelled()));
    }
}

bool Authenticator::loginInProgress() const {
    std::lock_guard lock(loginMutex_);
    return login_ != nullptr || device_ != nullptr;
}

bool Authenticator::deviceLoginAvailable() {
    if (config_.oauth.deviceFlow != "offered") return false;
    try {
        return !discovery_.metadata().deviceAuthorizationEndpoint.empty();
    } catch (const Error& e) {
        log::error(logger(), e);
        return false;
    }
}

void Authenticator::startDeviceLogin(const DevicePromptCallback& prompt, LoginCallback done) {
    if (config_.oauth.deviceFlow != "offered") {
        throw ProtocolError("device_flow_off", "oauth.deviceFlow is \"off\" in the configuration");
    }
    DeviceCodeGrant grant = tokenClient_.requestDeviceCode(config_.oauth.scopes);
    if (prompt) prompt({grant.userCode, grant.verificationUri, grant.verificationUriComplete, grant.expiresIn});
    std::vector<std::unique_ptr<DeviceSession>> toJoin;
    {
        std::lock_guard lock(loginMutex_);
        if (device_) {  // a new code replaces the one shown before; its poller stops quietly
            device_->callback = nullptr;
            finishedDevice_.push_back(std::move(device_));
        }
        toJoin = std::move(finishedDevice_);
        auto session = std::make_unique<DeviceSession>();
        session->id = nextSessionId_++;
        session->callback = std::move(done);
        session->poller = std::thread(&Authenticator::pollDeviceLogin, this, session->id, std::move(grant));
        device_ = std::move(session);
    }
    loginChanged_.notify_all();
    toJoin.clear();
}

void Authenticator::pollDeviceLogin(std::uint64_t sessionId, const DeviceCodeGrant& grant) {
    DeviceAuthorization device(tokenClient_);
    const auto wait = [this, sessionId](std::chrono::milliseconds interval) {
        std::unique_lock lock(loginMutex_);
        const bool ended = loginChanged_.wait_for(lock, interval, [&] { return !device_ || device_->id != sessionId; });
        return !ended;
    };
    std::exception_ptr error;
    try {
        const TokenSet tokens = device.poll(grant, wait);
        acceptTokens(tokens, true, std::nullopt);  // no nonce in the device flow (RFC 8628 §3.1)
        logger().information("login on another device completed");
    } catch (const Cancelled&) {
        return;  // cancelLogin() or a newer code already told the callback
    } catch (const Error& e) {
        log::error(logger(), e);
        error = std::current_exception();
    } catch (const std::exception& e) {
        logger().error("device login failed: %s", log::redact(e.what()));
        error = std::current_exception();
    }
    completeDeviceLogin(error, sessionId);
}

void Authenticator::completeDeviceLogin(std::exception_ptr error, std::uint64_t sessionId) {
    LoginCallback callback;
    {
        std::lock_guard lock(loginMutex_);
        if (!device_ || device_->id != sessionId) return;  // cancelled meanwhile
        callback = std::move(device_->callback);
        finishedDevice_.push_back(std::move(device_));  // joined by the next start or cancel
    }
    loginChanged_.notify_all();
    if (callback) callback(std::move(error));
}

int Authenticator::listenerPort() const {
    std::lock_guard lock(loginMutex_);
    return login_ && login_->listener ? login_->listener->port() : 0;
}

std::string Authenticator::privateRedirectUri() const {
    return config_.redirect.privateScheme + ":" + config_.redirect.callbackPath;
}

std::exception_ptr Authenticator::processResponse(const std::map<std::string, std::string>& query, bool& known) {
    // the moment the browser's answer reaches the app: bench/run times sign-in from this line
    logger().debug("authorization response received");
    auto stateIt = query.find("state");
    std::optional<PendingLogin> attempt;
    std::uint64_t sessionId = 0;
    {
        std::lock_guard lock(loginMutex_);
        sessionId = login_ ? login_->id : 0;
        if (stateIt != query.end()) attempt = pending_.take(stateIt->second);
        // The first response of a login ends it, whatever its outcome (completeLogin below). The
        // other tabs' attempts are closed now, not after the code exchange, so a response from
        // another tab arriving meanwhile is refused instead of being exchanged as well.
        if (attempt) pending_.clear();
    }
    known = attempt && sessionId != 0;
    if (!known) {
        // RFC 6749 §10.12: a response we did not ask for (or already used) is refused and changes
        // nothing; the login under way keeps waiting.
        ProtocolError error("unknown_state", "authorization response with a missing, unknown or used state");
        log::error(logger(), error);
        return std::make_exception_ptr(error);
    }
    try {
        const auto metadata = discovery_.metadata();
        const std::string code = authorizationCodeFrom(query, metadata);
        TokenSet tokens = tokenClient_.exchangeCode(code, attempt->codeVerifier, attempt->redirectUri);
        acceptTokens(tokens, true, attempt->nonce);
        logger().information("login completed");
        completeLogin(nullptr, sessionId);
        return nullptr;
    } catch (const Error& e) {
        log::error(logger(), e);
        auto error = std::current_exception();
        completeLogin(error, sessionId);
        return error;
    }
}

CallbackPage Authenticator::handleCallback(const std::map<std::string, std::string>& query) {
    bool known = false;
    std::exception_ptr error = processResponse(query, known);
    if (!error) return {200, pages_.success(), true};
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        if (!known) {
            return {400,
                    pages_.error(e.code(), e.id(),
                                 "This sign-in response does not belong to a sign-in in progress. Return to DeskAuth "
                                 "and click Sign In again if needed."),
                    false};
        }
        return {200, pages_.error(e.code(), e.id(), e.userMessage()), true};
    }
}

std::exception_ptr Authenticator::handleRedirectUrl(const std::string& url) {
    try {
        // PKCE is what makes this safe: another app could register the same private scheme
        // (RFC 8252 §8.1) and receive a code, but it cannot redeem it without the verifier that
        // never left this process (RFC 7636 §1).
        auto query = PrivateUriResponse::parse(url, config_.redirect.privateScheme, config_.redirect.callbackPath);
        bool known = false;
        return processResponse(query, known);
    } catch (const Error& e) {
        log::error(logger(), e);
        return std::current_exception();
    }
}

void Authenticator::acceptTokens(const TokenSet& received, bool newLogin, const std::optional<std::string>& nonce) {
    TokenSet tokens = received;
    std::optional<std::string> subject;
    {
        std::lock_guard lock(tokensMutex_);
        // OIDC Core §12.2: a refreshed ID token must name the same user.
        if (!newLogin && user_) subject = user_->subject;
        if (tokens.idToken.empty() && !newLogin) tokens.idToken = tokens_.idToken;
    }
    if (newLogin && tokens.idToken.empty()) throw ProtocolError("missing_id_token", "the sign-in returned no id_token");
    std::optional<SignedInUser> user;
    if (!received.idToken.empty()) {
        const IdTokenClaims claims = idTokenValidator().validate(received.idToken, {nonce, subject});
        user = SignedInUser{claims.subject, claims.name, claims.email};
    }
    {
        std::lock_guard lock(tokensMutex_);
        tokens_ = tokens;
        if (user) user_ = user;
    }
    saveTokens(tokens);
}

void Authenticator::saveTokens(const TokenSet& tokens) {
    try {
        store_.save(tokens);
    } catch (const StorageError& e) {
        log::error(logger(), e);  // the session still works in memory
        StorageProblemHandler handler;
        {
            std::lock_guard lock(tokensMutex_);
            std::swap(handler, storageProblem_);  // reported once
        }
        if (handler) handler(e);
    }
}

void Authenticator::onStorageProblem(StorageProblemHandler handler) {
    std::lock_guard lock(tokensMutex_);
    storageProblem_ = std::move(handler);
}

std::string Authenticator::accessToken() {
    std::string current;
    bool expired = false;
    {
        std::lock_guard lock(tokensMutex_);
        current = tokens_.accessToken;
        expired = !tokens_.refreshToken.empty() &&
                  tokens_.accessTokenExpiresAt != std::chrono::system_clock::time_point{} &&
                  tokens_.accessTokenExpiresAt < std::chrono::system_clock::now() + std::chrono::seconds(10);
        if (current.empty() && tokens_.refreshToken.empty()) throw LoginRequired("no tokens");
    }
    // An access token known to be (nearly) expired is renewed now instead of costing a 401.
    if (current.empty() || expired) return refreshAccessToken(current);
    return current;
}

bool Authenticator::adoptStoredTokensLocked(const std::string& unlessRefreshToken) {
    std::optional<TokenSet> stored;
    try {
        stored = store_.load();
    } catch (const Error& e) {
        log::error(logger(), e);
        return false;
    }
    if (!stored || stored->refreshToken.empty() || stored->refreshToken == unlessRefreshToken) return false;
    std::lock_guard lock(tokensMutex_);
    tokens_ = *stored;
    if (auto user = userFromStoredIdToken(tokens_.idToken)) user_ = user;
    logger().information("adopted tokens refreshed by another instance");
    return true;
}

std::string Authenticator::refreshAccessToken(const std::string& rejected) {
    std::lock_guard flight(refreshMutex_);  // one refresh at a time in this process...
    std::lock_guard processes(refreshLock_);  // ...and across every instance sharing the store
    std::string refreshToken;
    {
        std::lock_guard lock(tokensMutex_);
        if (!tokens_.accessToken.empty() && tokens_.accessToken != rejected) return tokens_.accessToken;
        refreshToken = tokens_.refreshToken;
    }
    // Another instance sharing the store may have refreshed (and rotated the refresh token) since
    // we loaded it; its tokens are newer than ours, so use them instead of spending ours.
    if (adoptStoredTokensLocked(refreshToken)) {
        std::lock_guard lock(tokensMutex_);
        if (!tokens_.accessToken.empty() && tokens_.accessToken != rejected) return tokens_.accessToken;
        refreshToken = tokens_.refreshToken;
    }
    if (refreshToken.empty()) {
        forgetSession();
        throw LoginRequired("no refresh token");
    }
    try {
        TokenSet fresh = tokenClient_.refresh(refreshToken);
        acceptTokens(fresh, false, std::nullopt);
        logger().information("access token refreshed");
        return fresh.accessToken;
    } catch (const LoginRequired& e) {
        // Refused. If the store meanwhile holds a different session (another instance signed in
        // again), use that; only a store that still holds the refused token is cleared.
        if (adoptStoredTokensLocked(refreshToken)) {
            std::lock_guard lock(tokensMutex_);
            return tokens_.accessToken;
        }
        logger().information("the session has ended (%s); sign-in required", e.details());
        forgetSession();
        throw;
    }
}

bool Authenticator::isSignedIn() const {
    std::lock_guard lock(tokensMutex_);
    return !tokens_.empty();
}

std::optional<SignedInUser> Authenticator::user() const {
    std::lock_guard lock(tokensMutex_);
    return user_;
}

void Authenticator::forgetSession() {
    {
        std::lock_guard lock(tokensMutex_);
        tokens_ = TokenSet{};
        user_.reset();
    }
    try {
        store_.clear();
    } catch (const Error& e) {
        log::error(logger(), e);
    }
}

std::string Authenticator::endSessionUrl(const std::string& idToken) {
    ProviderMetadata metadata;
    try {
        metadata = discovery_.metadata();
    } catch (const Error& e) {
        log::error(logger(), e);
        return {};
    }
    if (metadata.endSessionEndpoint.empty()) return {};
    HeaderList params = {{"client_id", config_.oauth.clientId}};
    if (!idToken.empty()) params.emplace_back("id_token_hint", idToken);
    // A loopback listener no longer runs at logout, so only the private scheme can receive the
    // browser afterwards; without it the server shows its own "signed out" page.
    if (config_.redirect.mode == "private-uri") {
        params.emplace_back("post_logout_redirect_uri",
                            config_.redirect.privateScheme + ":" + config_.redirect.logoutCallbackPath);
    }
    const std::string separator = metadata.endSessionEndpoint.find('?') == std::string::npos ? "?" : "&";
    return metadata.endSessionEndpoint + separator + formUrlEncode(params);
}

std::string Authenticator::logout() {
    TokenSet tokens;
    {
        std::lock_guard lock(tokensMutex_);
        tokens = tokens_;
    }
    forgetSession();
    if (!tokens.refreshToken.empty()) {
        try {
            // RFC 7009 §2.1: revoking the refresh token ends the grant at the server too.
            tokenClient_.revoke(tokens.refreshToken, "refresh_token");
            logger().information("refresh token revoked");
        } catch (const Error& e) {
            log::error(logger(), e);
        }
    }
    if (config_.oauth.logoutMode != "oidc") return {};
    std::string url = endSessionUrl(tokens.idToken);
    if (url.empty()) return {};
    try {
        browser_.open(url);
        logger().information("opened the browser for the end-session request");
    } catch (const Error& e) {
        log::error(logger(), e);
    }
    return url;
}

void Authenticator::expireAccessToken() {
    TokenSet tokens;
    {
        std::lock_guard lock(tokensMutex_);
        if (tokens_.accessToken.empty()) return;
        tokens_.accessToken = "x" + tokens_.accessToken + "x";
        tokens = tokens_;
    }
    saveTokens(tokens);
    logger().information("tester action: access token corrupted");
}

void Authenticator::expireRefreshToken() {
    TokenSet tokens;
    {
        std::lock_guard lock(tokensMutex_);
        if (tokens_.refreshToken.empty()) return;
        // Both, so that the next API call fails and its refresh is rejected as a real expiry would be.
        if (!tokens_.accessToken.empty()) tokens_.accessToken = "x" + tokens_.accessToken + "x";
        tokens_.refreshToken = "x" + tokens_.refreshToken + "x";
        tokens = tokens_;
    }
    saveTokens(tokens);
    logger().information("tester action: refresh token corrupted");
}

}  // namespace deskauth
