#pragma once
// The one facade the app uses for everything OAuth: it builds the session's parts and forwards to
// them. Session (session/Session.h) owns the tokens and the user; BrowserLogin (loopback or
// private-URI redirect, Authorization Code + PKCE) and DeviceLogin (RFC 8628) run the logins and
// hand their tokens to the Session. The app never sees a token or an HTTP response.
//
// Threads: every method is thread-safe. Blocking (call them off the UI thread): restoreSession,
// startLogin and switchAccount (discovery, the browser command's grace period), rememberedAccount, cancelLogin (joins the login's
// threads), deviceLoginAvailable, startDeviceLogin, handleRedirectUrl, accessToken,
// refreshAccessToken, logout and the expire actions (secret store, network). Non-blocking:
// loginInProgress, pendingLoginCount, listenerPort, isSignedIn, user, privateRedirectUri,
// acceptLogoutReturn and the on...() subscriptions.
// Callbacks: a login's `done` runs exactly once, on a listener, watchdog or poller thread, or on
// the thread calling cancelLogin, handleRedirectUrl or logout; the browser and device prompt
// callbacks run on the thread calling startLogin / startDeviceLogin; onSessionChanged and
// onStorageProblem handlers run on the thread that changed the session. No login lock and no
// Session::mutex_ is held then, but a refresh's handlers run under the refresh locks: none may
// block or call back into the Authenticator; marshal to the UI (e.g. wxEvtHandler::CallAfter).
// Lock order: see docs/architecture.md; no lock of a login is held while calling the Session.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/AccessTokenSource.h"
#include "http/HttpTransport.h"
#include "oauth/Discovery.h"
#include "oauth/TokenClient.h"
#include "platform/BrowserLauncher.h"
#include "session/BrowserLogin.h"
#include "session/DeviceLogin.h"
#include "session/LogoutResult.h"
#include "session/Session.h"
#include "session/SignedInUser.h"
#include "storage/RememberedAccount.h"
#include "storage/TokenStore.h"

#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace deskauth {

class Authenticator final : public AccessTokenSource {
public:
    // nullptr on success, else the error (Cancelled, TimedOut, ServerError, ProtocolError, ...).
    using LoginCallback = std::function<void(std::exception_ptr error)>;
    // Told the authorization URL of each attempt and whether the browser opened, so the UI can
    // offer it for copying when the browser did not start.
    using BrowserCallback = session::BrowserLogin::BrowserCallback;
    using DevicePromptCallback = session::DeviceLogin::PromptCallback;
    // The signed-in user after a sign-in, restore or adoption; nullopt when the session ended.
    using SessionChangedHandler = session::Session::ChangeHandler;
    // Told (once) when the secret store refused to keep the session; it goes on in memory.
    using StorageProblemHandler = session::Session::StorageProblemHandler;

    // `rememberedAccountFile`: where the last signed-in account name is kept for the next sign-in's
    // login_hint (storage/RememberedAccount); empty: in memory only.
    Authenticator(const Configuration& config, HttpTransport& transport, TokenStore& store, BrowserLauncher& browser,
                  const std::filesystem::path& rememberedAccountFile = {});
    ~Authenticator() override;

    // Loads a stored session (if any). Returns true when signed in. Throws CorruptTokenEntry
    // (storage/TokenSetCodec.h) when the saved session could not be read and was removed.
    bool restoreSession();

    // Starts a login attempt and opens the browser. Called while a login is under way (the user
    // clicked Sign In again), it adds a new attempt; whichever response arrives completes the
    // login. `done` replaces the previous callback. Throws PortsBusyError synchronously; a
    // discovery error is told to `done`. cancelLogin() ends the wait for discovery at once;
    // `stop` (may be nullptr, must outlive the call) does too, even when it fired before this
    // call got going: the UI fires it at the Cancel click, non-blocking (see BrowserLogin::start).
    void startLogin(LoginCallback done, const BrowserCallback& browser = {}, CancelSignal* stop = nullptr);
    // "Switch Account…": forgets the remembered account and starts a browser login that asks the
    // provider to let the user choose one (prompt=select_account, or login; no login_hint), as
    // startLogin otherwise.
    void switchAccount(LoginCallback done, const BrowserCallback& browser = {}, CancelSignal* stop = nullptr);
    // The account the next sign-in names as login_hint ("" when none): the last one signed in.
    // May read a file: off the UI thread.
    std::string rememberedAccount();
    // Ends the login under way (browser or device) with Cancelled.
    void cancelLogin();
    bool loginInProgress() const;

    // Sign in on another device (RFC 8628), when oauth.deviceFlow is "offered" and the server
    // advertises a device_authorization_endpoint (false when discovery fails).
    bool deviceLoginAvailable();
    // Asks the server for a user code (throws on failure) and reports it through `prompt`, then
    // polls; `done` runs exactly once (nullptr = signed in; Cancelled, ServerError access_denied /
    // expired_token, TimedOut, ...). The tokens pass the same ID token validation and storage as
    // a browser login.
    // `stop` and cancelLogin() end the code request at once (Cancelled thrown), as for startLogin.
    void startDeviceLogin(const DevicePromptCallback& prompt, LoginCallback done, CancelSignal* stop = nullptr);
    // Private-URI mode: the redirect URL the OS gave us (directly, or forwarded by a second
    // process). Validated before use; a URL of no pending login is refused with StrayResponse and
    // changes nothing. Returns nullptr when it completed the login, else the error (also reported
    // to the login callback when it ended a login).
    std::exception_ptr handleRedirectUrl(const std::string& url);
    // The redirect URI this configuration registers for logins.
    std::string privateRedirectUri() const;

    // Number of attempts waiting for a response (tests and diagnostics).
    std::size_t pendingLoginCount() const { return browserLogin_.pendingCount(); }
    // The loopback port of the login under way, or 0.
    int listenerPort() const { return browserLogin_.listenerPort(); }

    std::string accessToken() override;
    std::string refreshAccessToken(const std::string& rejected) override;
    void authorize(HttpRequest& request, const std::string& token) override;
    bool retryWithNonce(const HttpRequest& request, const HttpResponse& response) override;
    bool isSignedIn() const;
    std::optional<SignedInUser> user() const;

    // Ends a login under way (its callback gets Cancelled), revokes the refresh token (RFC 7009)
    // and forgets the session; revocation failures are logged, never block the logout. With
    // oauth.logoutMode "oidc" it also opens the browser at the end-session endpoint (OIDC
    // RP-Initiated Logout) with id_token_hint and, in private-URI mode, post_logout_redirect_uri.
    // Returns whether the server confirmed the revocation (the app says so honestly when not) and
    // the end-session URL it opened, or "".
    LogoutResult logout();
    // Private-URI mode: a redirect URL that may be the browser's return from the end-session page.
    // False when it is not one (hand it to handleRedirectUrl); true when it is the return of the
    // logout request sent last; StrayResponse ("unknown_logout_state") for a missing, wrong or
    // used state, which must be ignored. Non-blocking.
    bool acceptLogoutReturn(const std::string& url);

    void onSessionChanged(SessionChangedHandler handler);
    void onStorageProblem(StorageProblemHandler handler);

    // Tester actions: corrupt the token so the real servers reject it on the next use.
    void expireAccessToken();
    void expireRefreshToken();

private:
    const Configuration config_;
    RememberedAccount remembered_;  // before the session and the logins, which use it
    Discovery discovery_;
    TokenClient tokenClient_;
    session::Session session_;
    // After the session: they hand it tokens, so they are destroyed (and their threads joined) first.
    session::BrowserLogin browserLogin_;
    session::DeviceLogin deviceLogin_;
};

}  // namespace deskauth
