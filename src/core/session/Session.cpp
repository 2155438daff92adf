#include "session/Session.h"

#include "log/Log.h"
#include "oauth/DpopPolicy.h"
#include "oauth/EndSession.h"
#include "oauth/GrantedScope.h"
#include "oauth/UserClaims.h"
#include "redirect/PrivateUriResponse.h"
#include "redirect/RedirectUri.h"
#include "storage/TokenSetCodec.h"

namespace deskauth::session {
namespace {

Poco::Logger& sessionLog() { return log::get("auth"); }

// An access token this close to its expiry is renewed before use instead of costing a 401.
constexpr std::chrono::seconds expiryMargin{10};

}  // namespace

Session::Session(const Configuration& config, HttpTransport& transport, Discovery& discovery, TokenClient& tokens,
                 TokenStore& store, BrowserLauncher& browser, RememberedAccount& remembered)
    : config_(config),
      discovery_(discovery),
      tokenClient_(tokens),
      store_(store),
      browser_(browser),
      remembered_(remembered),
      idTokens_(transport, discovery, config.oauth.clientId),
      refreshLock_(config.oauth.authority + "\n" + config.oauth.clientId) {}

bool Session::restore() {
    std::optional<TokenSet> stored;
    try {
        stored = store_.load();
    } catch (const CorruptTokenEntry&) {
        throw;  // the store removed it and logged why; the user is told and signs in again
    } catch (const Error& e) {
        log::error(sessionLog(), e);
    }
    if (!stored || stored->empty()) return false;
    {
        std::lock_guard lock(mutex_);
        tokens_ = *stored;
        user_ = userFromStoredIdToken(tokens_.idToken);
    }
    sessionLog().information("restored a saved session from %s", store_.name());
    notifyChanged();
    return true;
}

void Session::accept(const TokenSet& tokens, const std::optional<std::string>& nonce) {
    std::lock_guard flight(refreshMutex_);
    std::lock_guard processes(refreshLock_);
    acceptLocked(tokens, true, nonce);
}

void Session::acceptLocked(const TokenSet& received, bool newLogin, const std::optional<std::string>& nonce) {
    TokenSet tokens = received;
    std::optional<std::string> subject;
    {
        std::lock_guard lock(mutex_);
        // OIDC Core §12.2: a refreshed ID token must name the same user.
        if (!newLogin && user_) subject = user_->subject;
        if (tokens.idToken.empty() && !newLogin) tokens.idToken = tokens_.idToken;
        // RFC 6749 §5.1, §6: a refresh answer without scope grants the same scope as before.
        if (tokens.scope.empty() && !newLogin) tokens.scope = tokens_.scope;
    }
    if (newLogin && tokens.idToken.empty()) throw ProtocolError("missing_id_token", "the sign-in returned no id_token");
    std::optional<SignedInUser> user;
    if (!received.idToken.empty()) {
        IdTokenValidator::Expectations expected{nonce, subject, std::nullopt};
        // A browser login (the one with a nonce) sent max_age when it is configured; a device
        // sign-in and a refresh did not.
        if (newLogin && nonce && config_.oauth.authorization.maxAgeSeconds) {
            expected.maxAge = std::chrono::seconds(*config_.oauth.authorization.maxAgeSeconds);
        }
        const IdTokenClaims claims = idTokens_.validate(received.idToken, expected);
        user = SignedInUser{claims.subject, claims.name, claims.email, claims.accountName};
    }
    // RFC 6749 §3.3: a sign-in without a scope the app needs (unticked at consent) would only end
    // in the API's 401s and a loop of sign-ins: refused here, nothing kept. (A refresh may narrow
    // the scope, §6; the API then says what is missing.)
    if (newLogin) {
        if (auto missing = missingRequiredScopes(tokens.scope, config_.oauth.scopes); !missing.empty()) {
            throw ScopeNotGranted(missing);
        }
        // OIDC Core §5.4: a provider may give the name only at its userinfo endpoint.
        if (user && user->name.empty()) user->name = nameFromUserinfo(tokens, user->subject);
    }
    {
        std::lock_guard lock(mutex_);
        tokens_ = tokens;
        if (user) user_ = user;
    }
    save(tokens);
    // the next sign-in's login_hint (OIDC Core §3.1.2.1): who signed in last, not a token
    if (newLogin && user) remembered_.remember(user->accountName);
    if (user) notifyChanged();
}

std::string Session::nameFromUserinfo(const TokenSet& tokens, const std::string& subject) {
    try {
        if (discovery_.metadata().userinfoEndpoint.empty()) return {};
        std::optional<DpopKey> key;
        if (tokens.dpopBound()) key = DpopKey::fromPem(tokens.dpopKey);
        const auto claims = tokenClient_.userinfo(tokens.accessToken, key ? &*key : nullptr);
        const std::string name = userinfoDisplayName(*claims, subject);  // OIDC Core §5.3.2
        if (!name.empty()) sessionLog().debug("the user's name came from the userinfo endpoint");
        return name;
    } catch (const Error& e) {
        log::error(sessionLog(), e);  // the sign-in stands; the header names no one ("you")
    } catch (const std::invalid_argument& e) {
        sessionLog().error("the session's DPoP key cannot be read (%s); userinfo not asked", std::string(e.what()));
    }
    return {};
}

void Session::save(const TokenSet& tokens) {
    try {
        store_.save(tokens);
    } catch (const StorageError& e) {
        log::error(sessionLog(), e);  // the session still works in memory
        StorageProblemHandler handler;
        {
            std::lock_guard lock(mutex_);
            std::swap(handler, storageProblem_);  // reported once
        }
        if (handler) handler(e);
    }
}

std::optional<DpopKey> Session::dpopKeyOf(const std::string& pem) {
    if (pem.empty()) return std::nullopt;
    try {
        return DpopKey::fromPem(pem);
    } catch (const std::invalid_argument& e) {
        sessionLog().error("the session's DPoP key cannot be read (%s); sign-in required", std::string(e.what()));
        forget();
        throw LoginRequired("unreadable DPoP key");
    }
}

void Session::authorize(HttpRequest& request, const std::string& token) {
    std::string pem;
    {
        std::lock_guard lock(mutex_);
        if (tokens_.dpopBound()) pem = tokens_.dpopKey;
    }
    const auto key = dpopKeyOf(pem);
    if (!key) {
        request.headers.emplace_back("Authorization", "Bearer " + token);
        return;
    }
    // RFC 9449 §7.1: the DPoP scheme, and a proof whose ath binds it to this token.
    request.headers.emplace_back("Authorization", "DPoP " + token);
    apiProofs_.sign(request, *key, token);
}

bool Session::retryWithNonce(const HttpRequest& request, const HttpResponse& response) {
    return apiProofs_.retryWith(request, response);
}

std::string Session::accessToken() {
    std::string current;
    bool expired = false;
    {
        std::lock_guard lock(mutex_);
        current = tokens_.accessToken;
        expired = !tokens_.refreshToken.empty() &&
                  tokens_.accessTokenExpiresAt != std::chrono::system_clock::time_point{} &&
                  tokens_.accessTokenExpiresAt < std::chrono::system_clock::now() + expiryMargin;
        if (current.empty() && tokens_.refreshToken.empty()) throw LoginRequired("no tokens");
    }
    if (current.empty() || expired) return refreshAccessToken(current);
    return current;
}

bool Session::adoptStoredTokensLocked(const std::string& unlessRefreshToken) {
    std::optional<TokenSet> stored;
    try {
        stored = store_.load();
    } catch (const Error& e) {
        log::error(sessionLog(), e);
        return false;
    }
    if (!stored || stored->refreshToken.empty() || stored->refreshToken == unlessRefreshToken) return false;
    {
        std::lock_guard lock(mutex_);
        tokens_ = *stored;
        if (auto user = userFromStoredIdToken(tokens_.idToken)) user_ = user;
    }
    sessionLog().information("adopted tokens refreshed by another instance");
    notifyChanged();
    return true;
}

std::string Session::refreshAccessToken(const std::string& rejected) {
    std::lock_guard flight(refreshMutex_);    // one refresh at a time in this process...
    std::lock_guard processes(refreshLock_);  // ...and across every instance sharing the store
    std::string refreshToken;
    std::string dpopPem;
    {
        std::lock_guard lock(mutex_);
        if (!tokens_.accessToken.empty() && tokens_.accessToken != rejected) return tokens_.accessToken;
        refreshToken = tokens_.refreshToken;
        dpopPem = tokens_.dpopKey;
    }
    // Another instance sharing the store may have refreshed (and rotated the refresh token) since
    // we loaded it; its tokens are newer than ours, so use them instead of spending ours.
    if (adoptStoredTokensLocked(refreshToken)) {
        std::lock_guard lock(mutex_);
        if (!tokens_.accessToken.empty() && tokens_.accessToken != rejected) return tokens_.accessToken;
        refreshToken = tokens_.refreshToken;
        dpopPem = tokens_.dpopKey;
    }
    if (refreshToken.empty()) {
        forget();
        throw LoginRequired("no refresh token");
    }
    try {
        // RFC 9449 §5: a public client's refresh token is bound to the key too; the proof goes along.
        const auto key = dpopKeyOf(dpopPem);
        TokenSet fresh = tokenClient_.refresh(refreshToken, key ? &*key : nullptr);
        requireDpopBinding(config_.oauth.dpop, fresh);
        acceptLocked(fresh, false, std::nullopt);
        sessionLog().information("access token refreshed");
        return fresh.accessToken;
    } catch (const LoginRequired& e) {
        // Refused. If the store meanwhile holds a different session (another instance signed in
        // again), use that; only a store that still holds the refused token is cleared.
        if (adoptStoredTokensLocked(refreshToken)) {
            std::lock_guard lock(mutex_);
            return tokens_.accessToken;
        }
        sessionLog().information("the session has ended (%s); sign-in required", e.details());
        forget();
        throw;
    }
}

bool Session::isSignedIn() const {
    std::lock_guard lock(mutex_);
    return !tokens_.empty();
}

std::optional<SignedInUser> Session::user() const {
    std::lock_guard lock(mutex_);
    return user_;
}

void Session::forget() {
    {
        std::lock_guard lock(mutex_);
        tokens_ = TokenSet{};
        user_.reset();
    }
    try {
        store_.clear();
    } catch (const Error& e) {
        log::error(sessionLog(), e);
    }
    notifyChanged();
}

std::string Session::endSessionUrl(const std::string& idToken) {
    ProviderMetadata metadata;
    try {
        metadata = discovery_.metadata();
    } catch (const Error& e) {
        log::error(sessionLog(), e);
        return {};
    }
    // A loopback listener no longer runs at logout, so only the private scheme can receive the
    // browser afterwards; without it the server shows its own "signed out" page.
    const std::string afterLogout =
        config_.redirect.mode == RedirectMode::PrivateUri ? privateLogoutRedirectUri(config_.redirect) : std::string{};
    // RP-Initiated Logout §2: a state, so that only the return of this request is acted on.
    const std::string state = afterLogout.empty() ? std::string{} : logoutReturn_.expect();
    return buildEndSessionUrl(metadata, config_.oauth.clientId, idToken, afterLogout, state);
}

bool Session::acceptLogoutReturn(const std::string& url) {
    std::map<std::string, std::string> query;
    try {
        query = PrivateUriResponse::parse(url, config_.redirect.privateScheme, config_.redirect.logoutCallbackPath);
    } catch (const StrayResponse&) {
        return false;  // not a logout return: a login's redirect, or a malformed URL the login refuses
    }
    const auto state = query.find("state");
    logoutReturn_.accept(state == query.end() ? std::nullopt : std::optional<std::string>(state->second));
    sessionLog().information("the browser returned from the end-session request");
    return true;
}

bool Session::revokeRefreshToken(const TokenSet& tokens) {
    if (tokens.refreshToken.empty()) return true;  // nothing outlives the access token
    const std::string bearer = config_.oauth.revocationAuth == RevocationAuth::Bearer ? tokens.accessToken : std::string{};
    try {
        // RFC 9449 §5: the server may want the key's proof for a bound refresh token.
        std::optional<DpopKey> key;
        if (!tokens.dpopKey.empty()) key = DpopKey::fromPem(tokens.dpopKey);
        // RFC 7009 §2.1: revoking the refresh token ends the grant at the server too.
        if (!tokenClient_.revoke(tokens.refreshToken, "refresh_token", bearer, key ? &*key : nullptr)) return false;
        sessionLog().information("refresh token revoked");
        return true;
    } catch (const std::invalid_argument& e) {
        sessionLog().warning("the session's DPoP key cannot be read (%s); the refresh token was not revoked", std::string(e.what()));
        return false;
    } catch (const Error& e) {
        log::error(sessionLog(), e);
        sessionLog().warning("the server did not confirm the revocation; the refresh token may still be valid there");
        return false;
    }
}

LogoutResult Session::logout() {
    TokenSet tokens;
    {
        std::lock_guard lock(mutex_);
        tokens = tokens_;
    }
    forget();
    LogoutResult result;
    result.serverConfirmed = revokeRefreshToken(tokens);
    if (config_.oauth.logoutMode != LogoutMode::Oidc) return result;
    result.endSessionUrl = endSessionUrl(tokens.idToken);
    if (result.endSessionUrl.empty()) return result;
    try {
        browser_.open(result.endSessionUrl);
        sessionLog().information("opened the browser for the end-session request");
    } catch (const Error& e) {
        log::error(sessionLog(), e);
    }
    return result;
}

void Session::corruptTokens(const std::function<bool(TokenSet&)>& corrupt) {
    TokenSet tokens;
    {
        std::lock_guard lock(mutex_);
        if (!corrupt(tokens_)) return;
        tokens = tokens_;
    }
    save(tokens);
}

void Session::expireAccessToken() {
    corruptTokens([](TokenSet& tokens) {
        if (tokens.accessToken.empty()) return false;
        tokens.accessToken = "x" + tokens.accessToken + "x";
        return true;
    });
    sessionLog().information("tester action: access token corrupted");
}

void Session::expireRefreshToken() {
    corruptTokens([](TokenSet& tokens) {
        if (tokens.refreshToken.empty()) return false;
        // Both, so that the next API call fails and its refresh is rejected as a real expiry would be.
        if (!tokens.accessToken.empty()) tokens.accessToken = "x" + tokens.accessToken + "x";
        tokens.refreshToken = "x" + tokens.refreshToken + "x";
        return true;
    });
    sessionLog().information("tester action: refresh token corrupted");
}

void Session::onChanged(ChangeHandler handler) {
    std::lock_guard lock(mutex_);
    changed_.push_back(std::move(handler));
}

void Session::onStorageProblem(StorageProblemHandler handler) {
    std::lock_guard lock(mutex_);
    storageProblem_ = std::move(handler);
}

void Session::notifyChanged() {
    std::vector<ChangeHandler> handlers;
    std::optional<SignedInUser> user;
    {
        std::lock_guard lock(mutex_);
        handlers = changed_;
        if (!tokens_.empty()) user = user_ ? user_ : SignedInUser{};
    }
    for (const auto& handler : handlers) handler(user);
}

}  // namespace deskauth::session
