#pragma once
// The one facade the app uses for everything OAuth: login through the system browser (loopback
// redirect, Authorization Code + PKCE), the current access token, refresh, logout and the tester
// actions that expire tokens. The app never sees an HTTP response; tokens stay inside.
//
// Threads: every method is thread-safe. Network calls (refresh, logout) block, so call them off
// the UI thread. startLogin() returns at once; its callback runs later on a listener or timer
// thread (marshal it to the UI, e.g. with wxEvtHandler::CallAfter), exactly once per login.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/HttpTransport.h"
#include "oauth/Discovery.h"
#include "oauth/IdTokenValidator.h"
#include "oauth/LoginStateMap.h"
#include "oauth/TokenClient.h"
#include "oauth/TokenSet.h"
#include "platform/BrowserLauncher.h"
#include "redirect/LoopbackListener.h"
#include "redirect/PostLoginPages.h"
#include "storage/CrossProcessLock.h"
#include "storage/TokenStore.h"

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace deskauth {

// What the user is shown to sign in on another device (RFC 8628 §3.3).
struct DeviceSignInPrompt {
    std::string userCode;
    std::string verificationUri;
    std::string verificationUriComplete;  // may be empty
    std::chrono::seconds expiresIn{0};
};

struct SignedInUser {
    std::string subject;
    std::string name;
    std::string email;
};

// Supplies bearer tokens to HttpClient.
class AccessTokenSource {
public:
    virtual ~AccessTokenSource() = default;
    // Throws LoginRequired when there is no session.
    virtual std::string accessToken() = 0;
    // Called after `rejected` got a 401. Single-flight: concurrent callers with the same rejected
    // token share one refresh. Throws LoginRequired when the session cannot be renewed.
    virtual std::string refreshAccessToken(const std::string& rejected) = 0;
};

class Authenticator final : public AccessTokenSource {
public:
    // nullptr on success, else the error (Cancelled, TimedOut, ServerError, ProtocolError, ...).
    using LoginCallback = std::function<void(std::exception_ptr error)>;
    // Told the authorization URL of each attempt and whether the browser opened, so the UI can
    // offer it for copying when the browser did not start.
    using BrowserCallback = std::function<void(const std::string& url, bool opened)>;

    Authenticator(const Configuration& config, HttpTransport& transport, TokenStore& store, BrowserLauncher& browser);
    ~Authenticator() override;

    // Loads a stored session (if any). Returns true when signed in.
    bool restoreSession();

    // Starts a login attempt and opens the browser. Called while a login is under way (the user
    // clicked Sign In again), it adds a new attempt; whichever response arrives completes the
    // login. `done` replaces the previous callback. Throws PortsBusyError / network errors from
    // discovery synchronously.
    void startLogin(LoginCallback done, const BrowserCallback& browser = {});
    // Ends the login under way (browser or device) with Cancelled.
    void cancelLogin();
    bool loginInProgress() const;

    // Sign in on another device (device authorization grant, RFC 8628), for machines whose
    // browser cannot reach the loopback listener or the private scheme. Available when
    // oauth.deviceFlow is "offered" and the server advertises a device_authorization_endpoint;
    // reads discovery, so call it off the UI thread (false when discovery fails).
    bool deviceLoginAvailable();
    // Asks the server for a user code (blocking; throws on failure) and reports it through
    // `prompt` on the calling thread, then polls on a thread of its own; `done` runs there,
    // exactly once (nullptr = signed in; Cancelled, ServerError access_denied / expired_token,
    // TimedOut, ...). The tokens pass the same ID token validation and storage as a browser login.
    using DevicePromptCallback = std::function<void(const DeviceSignInPrompt&)>;
    void startDeviceLogin(const DevicePromptCallback& prompt, LoginCallback done);
    // Private-URI mode: the redirect URL the OS gave us (directly, or forwarded by a second
    // process). Validated before use; a URL of no pending login is refused and changes nothing.
    // Returns nullptr when it completed the login, else the error (also reported to the login
    // callback when it ended a login).
    std::exception_ptr handleRedirectUrl(const std::string& url);
    // The redirect URI this configuration registers for logins.
    std::string privateRedirectUri() const;

    // Number of attempts waiting for a response (tests and diagnostics).
    std::size_t pendingLoginCount() const { return pending_.size(); }
    // The loopback port of the login under way, or 0.
    int listenerPort() const;

    std::string accessToken() override;
    std::string refreshAccessToken(const std::string& rejected) override;
    bool isSignedIn() const;
    std::optional<SignedInUser> user() const;

    // Revokes the refresh token (RFC 7009) and forgets the session; revocation failures are
    // logged, never block the logout. With oauth.logoutMode "oidc" it also opens the browser at
    // the end-session endpoint (OIDC RP-Initiated Logout) with id_token_hint and, in private-URI
    // mode, post_logout_redirect_uri. Returns the end-session URL it opened, or "".
    std::string logout();

    // Told (once, on the thread that saved) when the secret store refused to keep the session,
    // e.g. the keyring was locked again; the session goes on in memory.
    using StorageProblemHandler = std::function<void(const StorageError&)>;
    void onStorageProblem(StorageProblemHandler handler);

    // Tester actions: corrupt the token so the real servers reject it on the next use.
    void expireAccessToken();
    void expireRefreshToken();

private:
    struct LoginSession;
    struct DeviceSession;

    CallbackPage handleCallback(const std::map<std::string, std::string>& query);
    // Matches a response to its attempt and completes the login. `known` is false for a response
    // that belongs to no attempt (it changes nothing). Returns nullptr on success, else the error.
    std::exception_ptr processResponse(const std::map<std::string, std::string>& query, bool& known);
    std::string endSessionUrl(const std::string& idToken);
    void completeLogin(std::exception_ptr error, std::uint64_t sessionId);
    // newLogin: the tokens start a session (an ID token is required; the signed-in user may
    // change); else they renew it. `nonce`: the browser login's nonce, checked in the ID token.
    void acceptTokens(const TokenSet& tokens, bool newLogin, const std::optional<std::string>& nonce);
    void pollDeviceLogin(std::uint64_t sessionId, const DeviceCodeGrant& grant);
    void completeDeviceLogin(std::exception_ptr error, std::uint64_t sessionId);
    void watchForTimeout(std::uint64_t sessionId, std::chrono::seconds timeout);
    std::unique_ptr<LoginSession> detachLoginLocked();
    void forgetSession();
    void saveTokens(const TokenSet& tokens);
    // Under the refresh locks: takes the stored tokens when their refresh token is not
    // `unlessRefreshToken` (another instance rotated it). True when it adopted them.
    bool adoptStoredTokensLocked(const std::string& unlessRefreshToken);

    const Configuration config_;
    HttpTransport& transport_;
    TokenStore& store_;
    BrowserLauncher& browser_;
    Discovery discovery_;
    TokenClient tokenClient_;
    PostLoginPages pages_;

    // Keys and ID token validation are created on first use (they need discovery).
    std::mutex validatorMutex_;
    std::unique_ptr<JwksCache> jwks_;
    std::unique_ptr<JwtSignatureVerifier> verifier_;
    std::unique_ptr<IdTokenValidator> idTokenValidator_;
    const IdTokenValidator& idTokenValidator();

    LoginStateMap pending_;
    mutable std::mutex loginMutex_;
    std::condition_variable loginChanged_;
    std::unique_ptr<LoginSession> login_;
    std::vector<std::unique_ptr<LoginSession>> finished_;  // joined by the next start/cancel
    std::unique_ptr<DeviceSession> device_;
    std::vector<std::unique_ptr<DeviceSession>> finishedDevice_;  // joined by the next start/cancel
    std::uint64_t nextSessionId_ = 1;

    mutable std::mutex tokensMutex_;
    TokenSet tokens_;
    std::optional<SignedInUser> user_;
    std::mutex refreshMutex_;        // held for the whole refresh: single flight in this process
    CrossProcessLock refreshLock_;  // and across processes sharing the store
    StorageProblemHandler storageProblem_;
};

}  // namespace deskauth
