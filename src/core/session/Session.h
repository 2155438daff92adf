#pragma once
// The one owner of the signed-in session: the token set and the user it belongs to, restored from
// and saved to the secret store. Logins (BrowserLogin, DeviceLogin) hand their tokens over only
// through accept(); HttpClient gets bearer tokens through AccessTokenSource; refresh is
// single-flight within this process and across processes sharing the store. A sign-in's account
// name (not a token) is remembered for the next sign-in's login_hint (storage/RememberedAccount).
//
// Threads: every method is thread-safe and may be called from any thread. These block and must
// run off the UI thread: restore() and the save/forget inside accept(), refreshAccessToken(),
// accessToken() (when it refreshes), logout() and the expire actions (the secret store may prompt;
// the token endpoint is remote), accept() (ID token validation may fetch the JWKS; a sign-in whose ID token has no name asks the
// userinfo endpoint).
// Callbacks (onChanged, onStorageProblem) run on the thread that changed the session without
// mutex_, but within a refresh or accept with refreshMutex_ and the CrossProcessLock held: they
// must not block nor call back into the Session (post to the UI, e.g. with CallAfter).
//
// Lock order (outermost first): refreshMutex_ -> refreshLock_ (CrossProcessLock) -> mutex_.
// mutex_ is never held while calling out (store, network, callbacks, RememberedAccount, whose
// mutex is a leaf). The login classes never
// hold their own lock while calling into the Session.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/AccessTokenSource.h"
#include "oauth/Discovery.h"
#include "oauth/DpopSigner.h"
#include "oauth/LazyIdTokenValidator.h"
#include "oauth/TokenClient.h"
#include "platform/BrowserLauncher.h"
#include "session/LogoutResult.h"
#include "session/PendingLogoutReturn.h"
#include "session/SignedInUser.h"
#include "storage/CrossProcessLock.h"
#include "storage/RememberedAccount.h"
#include "storage/TokenStore.h"
#include "tokens/TokenSet.h"

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace deskauth::session {

class Session final : public AccessTokenSource {
public:
    // Told the user after every change: a sign-in (the user), a refresh that renamed them, the end
    // of the session (nullopt).
    using ChangeHandler = std::function<void(const std::optional<SignedInUser>& user)>;
    // Told (once) when the secret store refused to keep the session; it goes on in memory.
    using StorageProblemHandler = std::function<void(const StorageError&)>;

    Session(const Configuration& config, HttpTransport& transport, Discovery& discovery, TokenClient& tokens,
            TokenStore& store, BrowserLauncher& browser, RememberedAccount& remembered);

    // Loads a stored session (if any). Returns true when signed in. Throws CorruptTokenEntry when
    // the saved session could not be read: the store has removed it (and logged why), so tell the
    // user once, with its error ID, and offer sign-in. Other store failures are logged: signed out.
    bool restore();
    // A login's tokens: an ID token is required and validated (OIDC Core §3.1.3.7) with the
    // login's nonce (nullopt in the device flow, RFC 8628 has none), then they replace the session
    // and are saved. Takes the refresh locks, so a refresh in flight cannot overwrite the new login.
    // Throws ProtocolError (missing or invalid ID token) or ScopeNotGranted (a scope the
    // configuration asks for and needs is not granted) and changes nothing then.
    void accept(const TokenSet& tokens, const std::optional<std::string>& nonce);

    std::string accessToken() override;
    std::string refreshAccessToken(const std::string& rejected) override;
    // A DPoP-bound session (RFC 9449 §7.1): "Authorization: DPoP <token>" and a proof with ath;
    // else Bearer. Parses the session's key from the token set, never logs it.
    void authorize(HttpRequest& request, const std::string& token) override;
    bool retryWithNonce(const HttpRequest& request, const HttpResponse& response) override;
    bool isSignedIn() const;
    std::optional<SignedInUser> user() const;

    // Forgets the session, revokes the refresh token (RFC 7009; failures logged, never block the
    // logout) and, with oauth.logoutMode "oidc", opens the end-session page. Returns whether the
    // server confirmed the revocation, and that URL or "".
    LogoutResult logout();
    // Private-URI mode: the browser's return to post_logout_redirect_uri. False when `url` is no
    // logout return at all (e.g. a login's redirect); true when it is the return of the logout
    // request sent last; throws StrayResponse("unknown_logout_state") when its state is missing,
    // wrong or used (RP-Initiated Logout §3): nothing is done then. Does not block.
    bool acceptLogoutReturn(const std::string& url);

    // Tester actions: corrupt the token so the real servers reject it on the next use.
    void expireAccessToken();
    void expireRefreshToken();

    void onChanged(ChangeHandler handler);
    void onStorageProblem(StorageProblemHandler handler);

private:
    // Under the refresh locks: validates and stores `received`. newLogin: a new session (the
    // user may change); else a renewal that must name the same user (OIDC Core §12.2).
    void acceptLocked(const TokenSet& received, bool newLogin, const std::optional<std::string>& nonce);
    // Under the refresh locks: takes the stored tokens when their refresh token is not
    // `unlessRefreshToken` (another instance rotated it). True when it adopted them.
    bool adoptStoredTokensLocked(const std::string& unlessRefreshToken);
    // The display name from the provider's userinfo answer for the tokens of a new sign-in whose
    // ID token had none, "" when there is none, no endpoint, or the answer is for another subject
    // (OIDC Core §5.3.2; logged with its error ID). Blocks (network).
    std::string nameFromUserinfo(const TokenSet& tokens, const std::string& subject);
    void forget();
    // Revokes the refresh token of `tokens` (RFC 7009). True when the server confirmed it or there
    // was none; failures are logged.
    bool revokeRefreshToken(const TokenSet& tokens);
    void save(const TokenSet& tokens);
    // The session's DPoP key (nullopt without one). Throws LoginRequired, forgetting the session,
    // when the stored key cannot be read: its tokens are useless without it.
    std::optional<DpopKey> dpopKeyOf(const std::string& pem);
    // Applies `corrupt` to the tokens under the lock and saves them (tester actions).
    void corruptTokens(const std::function<bool(TokenSet&)>& corrupt);
    std::string endSessionUrl(const std::string& idToken);
    void notifyChanged();

    const Configuration& config_;
    Discovery& discovery_;
    TokenClient& tokenClient_;
    TokenStore& store_;
    BrowserLauncher& browser_;
    RememberedAccount& remembered_;  // a sign-in names the account of the next one
    LazyIdTokenValidator idTokens_;
    PendingLogoutReturn logoutReturn_;  // a leaf lock of its own
    DpopSigner apiProofs_{DpopServer::Resource};  // the API's DPoP nonces; a leaf lock of its own

    std::mutex refreshMutex_;       // held for a whole refresh or accept: single flight in this process
    CrossProcessLock refreshLock_;  // and across every instance sharing the store
    mutable std::mutex mutex_;      // tokens_, user_ and the handlers
    TokenSet tokens_;
    std::optional<SignedInUser> user_;
    std::vector<ChangeHandler> changed_;
    StorageProblemHandler storageProblem_;
};

}  // namespace deskauth::session
