#include "session/BrowserLogin.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "oauth/AuthorizationRequest.h"
#include "oauth/DpopPolicy.h"
#include "oauth/PushedAuthorization.h"
#include "redirect/PrivateUriResponse.h"
#include "redirect/RedirectUri.h"

namespace deskauth::session {

// One login as the user sees it: a listener, a timeout watchdog, and the callback to report to.
// Several attempts (browser tabs) can belong to it; they are in pending_.
struct BrowserLogin::Login {
    std::uint64_t id = 0;
    std::unique_ptr<LoopbackListener> listener;
    Callback callback;
    std::thread watchdog;
    // Fired when the login ends: a start still waiting for discovery stops waiting. Shared, as
    // that start holds it while an ended login may be destroyed by the next start or cancel.
    std::shared_ptr<CancelSignal> stopWaiting = std::make_shared<CancelSignal>();

    ~Login() {
        if (watchdog.joinable()) watchdog.join();
        listener.reset();  // joins the listener's threads
    }
};

namespace {

Poco::Logger& browserLoginLog() { return log::get("auth"); }

}  // namespace

BrowserLogin::BrowserLogin(const Configuration& config, Discovery& discovery, TokenClient& tokens, Session& session,
                           BrowserLauncher& browser, RememberedAccount& remembered)
    : config_(config),
      discovery_(discovery),
      tokenClient_(tokens),
      session_(session),
      browser_(browser),
      remembered_(remembered),
      pages_(config.pages.loginSuccess, config.pages.loginError) {}

BrowserLogin::~BrowserLogin() {
    {
        std::lock_guard lock(logins_.mutex);
        if (Login* login = logins_.currentLocked()) login->stopWaiting->cancel();
    }
    logins_.shutdown();
}

void BrowserLogin::start(Callback done, const BrowserCallback& browser, CancelSignal* stop, AccountChoice account) {
    const bool loopback = config_.redirect.mode == RedirectMode::Loopback;
    LoginLifecycle<Login>::Ended toJoin;
    std::uint64_t loginId = 0;
    std::shared_ptr<CancelSignal> stopWaiting;
    {
        std::lock_guard lock(logins_.mutex);
        toJoin = logins_.takeEndedLocked();
        // a finished login may not have closed its port yet (complete): free it for this one
        for (const auto& login : toJoin) {
            if (login->listener) login->listener->stopAccepting();
        }
        if (!logins_.currentLocked()) {
            auto login = std::make_unique<Login>();
            login->id = logins_.nextIdLocked();
            if (loopback) {
                // RFC 8252 §7.3 and the field's lesson: listen before the browser can redirect to us.
                login->listener = std::make_unique<LoopbackListener>(
                    config_.redirect.loopbackPorts, config_.redirect.callbackPath,
                    [this](const std::map<std::string, std::string>& query) { return handleCallback(query); });
            }
            login->watchdog = std::thread(&BrowserLogin::watchForTimeout, this, login->id,
                                          std::chrono::seconds(config_.oauth.loginTimeoutSeconds));
            logins_.startLocked(std::move(login));
        }
        Login& login = *logins_.currentLocked();
        login.callback = std::move(done);
        loginId = login.id;
        stopWaiting = login.stopWaiting;
    }
    toJoin.clear();
    // The caller's cancel (it may have fired already, before this start got here) ends the wait too.
    CancelSignal::Subscription callerStops;
    if (stop) callerStops = stop->subscribe([stopWaiting] { stopWaiting->cancel(); });

    // The login exists while discovery is awaited, so Cancel and the time-out end that wait at once.
    std::optional<ProviderMetadata> metadata;
    try {
        metadata = discovery_.metadata(stopWaiting.get());
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Cancelled) log::error(browserLoginLog(), e);
        complete(std::current_exception(), loginId);  // nothing when the login ended already (cancel, time-out)
        return;
    }
    bool push = false;
    try {
        push = PushedAuthorization::wanted(config_.oauth.par, *metadata);  // ParUnsupported with "required"
    } catch (const Error& e) {
        log::error(browserLoginLog(), e);
        complete(std::current_exception(), loginId);
        return;
    }
    const AuthorizationSettings request =
        withAccountChoice(config_.oauth.authorization, config_.oauth.scopes, account,
                          account == AccountChoice::Remembered ? remembered_.name() : std::string(),
                          metadata->promptValuesSupported);

    std::string url;
    HeaderList parameters;
    {
        std::lock_guard lock(logins_.mutex);
        Login* login = logins_.currentLocked();
        if (!login || login->id != loginId) return;  // ended while discovery was awaited; its callback was told
        const std::string redirectUri = loopback ? login->listener->redirectUri() : privateRedirectUri(config_.redirect);
        PendingLogin attempt = PendingLogin::create(redirectUri);
        if (dpopWanted(config_.oauth.dpop, *metadata)) {
            attempt.dpopKey = std::make_shared<const DpopKey>(DpopKey::generate());
        }
        parameters = authorizationParameters(config_.oauth.clientId, config_.oauth.scopes, request, attempt);
        if (!push) url = buildAuthorizationUrl(*metadata, parameters);
        pending_.add(std::move(attempt));
        browserLoginLog().information("login attempt started (%z attempt(s) waiting for %s)", pending_.size(),
                             loopback ? "port " + std::to_string(login->listener->port()) : redirectUri);
    }
    if (push) {
        // RFC 9126 §1: the parameters go to the server directly, over TLS, and the browser gets only
        // a reference to them. Each attempt pushes its own: a request_uri is single-use and short-
        // lived (§2.2), so a retry after the user waited too long never reuses an expired one.
        // No lock is held; Cancel, the caller's cancel and the time-out cut the push off.
        try {
            url = PushedAuthorization::browserUrl(*metadata, config_.oauth.clientId,
                                                  tokenClient_.pushAuthorizationRequest(parameters, stopWaiting.get()));
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Cancelled) log::error(browserLoginLog(), e);
            complete(std::current_exception(), loginId);  // nothing when the login ended already
            return;
        }
        std::lock_guard lock(logins_.mutex);
        if (!logins_.isCurrentLocked(loginId)) return;  // ended during the push; its callback was told
    }
    callerStops.reset();

    bool opened = true;
    try {
        browser_.open(url);
    } catch (const Error& e) {
        log::error(browserLoginLog(), e);
        opened = false;  // the login still completes if the user pastes the URL into a browser
    }
    if (browser) browser(url, opened);
}

void BrowserLogin::watchForTimeout(std::uint64_t loginId, std::chrono::seconds timeout) {
    {
        std::unique_lock lock(logins_.mutex);
        const bool ended = logins_.changed.wait_for(lock, timeout, [&] { return !logins_.isCurrentLocked(loginId); });
        if (ended) return;
    }
    TimedOut error("Sign-in took too long, so it was stopped. Click Sign In to try again.",
                   "no authorization response within " + std::to_string(timeout.count()) + " s");
    log::error(browserLoginLog(), error);
    complete(std::make_exception_ptr(error), loginId);
}

void BrowserLogin::complete(std::exception_ptr error, std::uint64_t loginId) {
    Callback callback;
    {
        std::lock_guard lock(logins_.mutex);
        if (!logins_.isCurrentLocked(loginId)) return;  // already completed, cancelled or timed out
        pending_.clear();  // from now on every response is refused, whether or not the port is open
        logins_.currentLocked()->stopWaiting->cancel();
        callback = logins_.endLocked();
    }
    logins_.changed.notify_all();
    if (callback) callback(std::move(error));
    // Closing the port waits for the listener's acceptor thread (it polls every 250 ms), so it comes
    // after the app has been told. Under the lock, and only while the login is still among the
    // ended ones: a start or cancel that took it meanwhile stops the listener as it destroys it.
    std::lock_guard lock(logins_.mutex);
    for (const auto& login : logins_.endedLocked()) {
        if (login->id == loginId && login->listener) login->listener->stopAccepting();
    }
}

bool BrowserLogin::cancel() {
    return logins_.cancel([this] {
        pending_.clear();
        logins_.currentLocked()->stopWaiting->cancel();  // a start waiting for discovery stops now
    });  // joining stops the listener: the port is free
}


bool BrowserLogin::inProgress() const { return logins_.running(); }

int BrowserLogin::listenerPort() const {
    std::lock_guard lock(logins_.mutex);
    const Login* login = logins_.currentLocked();
    return login && login->listener ? login->listener->port() : 0;
}

std::exception_ptr BrowserLogin::processResponse(const std::map<std::string, std::string>& query) {
    // the moment the browser's answer reaches the app: bench/run times sign-in from this line
    browserLoginLog().debug("authorization response received");
    auto stateIt = query.find("state");
    std::optional<PendingLogin> attempt;
    std::uint64_t loginId = 0;
    {
        std::lock_guard lock(logins_.mutex);
        loginId = logins_.currentLocked() ? logins_.currentLocked()->id : 0;
        if (stateIt != query.end()) attempt = pending_.take(stateIt->second);
        // The first response of a login ends it, whatever its outcome (complete below). The
        // other tabs' attempts are closed now, not after the code exchange, so a response from
        // another tab arriving meanwhile is refused instead of being exchanged as well.
        if (attempt) pending_.clear();
    }
    if (!attempt || loginId == 0) {
        // RFC 6749 §10.12: a response we did not ask for (or already used) is refused and changes
        // nothing; the login under way keeps waiting.
        StrayResponse error("unknown_state", "authorization response with a missing, unknown or used state");
        log::error(browserLoginLog(), error);
        return std::make_exception_ptr(error);
    }
    try {
        const auto metadata = discovery_.metadata();
        const std::string code = authorizationCodeFrom(query, metadata);
        TokenSet tokens = tokenClient_.exchangeCode(code, attempt->codeVerifier, attempt->redirectUri, attempt->dpopKey.get());
        requireDpopBinding(config_.oauth.dpop, tokens);
        session_.accept(tokens, attempt->nonce);  // the ID token must carry this attempt's nonce
        browserLoginLog().information("login completed");
        complete(nullptr, loginId);
        return nullptr;
    } catch (const Error& e) {
        log::error(browserLoginLog(), e);
        auto error = std::current_exception();
        complete(error, loginId);
        return error;
    }
}

CallbackPage BrowserLogin::handleCallback(const std::map<std::string, std::string>& query) {
    std::exception_ptr error = processResponse(query);
    if (!error) return {200, pages_.success(), true};
    try {
        std::rethrow_exception(error);
    } catch (const StrayResponse& e) {
        return {400,
                pages_.error(e.code(), e.id(),
                             "This sign-in response does not belong to a sign-in in progress. Return to DeskAuth "
                             "and click Sign In again if needed."),
                false};
    } catch (const Error& e) {
        return {200, pages_.error(e.code(), e.id(), e.userMessage()), true};
    }
}

std::exception_ptr BrowserLogin::handleRedirectUrl(const std::string& url) {
    try {
        // PKCE is what makes this safe: another app could register the same private scheme
        // (RFC 8252 §8.1) and receive a code, but it cannot redeem it without the verifier that
        // never left this process (RFC 7636 §1).
        auto query = PrivateUriResponse::parse(url, config_.redirect.privateScheme, config_.redirect.callbackPath);
        return processResponse(query);
    } catch (const Error& e) {
        log::error(browserLoginLog(), e);
        return std::current_exception();
    }
}

}  // namespace deskauth::session
