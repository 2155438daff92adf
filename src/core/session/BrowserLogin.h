#pragma once
// Sign-in through the system browser (Authorization Code + PKCE, RFC 6749 §4.1, RFC 7636): one
// login as the user sees it, with its timeout watchdog and its redirect receiver (a loopback
// listener, RFC 8252 §7.3, or the private-URI redirects the app passes in, §7.1), and the attempts
// (browser tabs) that belong to it. The first response of a login ends it; its tokens go to the
// Session through Session::accept and nowhere else.
//
// Threads: thread-safe. start() blocks on discovery, on the pushed authorization request
// (RFC 9126, when used) and on the browser command's grace period (about 1.5 s), so call it off
// the UI thread. The login exists from the start of start(), so cancel() and the time-out end its
// wait for discovery or the push at once (discovery's request goes on for
// whoever else waits for it). cancel() joins the listener's and the watchdog's
// threads (a response being exchanged is waited for): off the UI thread too. handleRedirectUrl()
// exchanges the code (network): off the UI thread.
// The login callback runs exactly once per login, on whichever thread ended it: a listener
// thread (loopback response), the watchdog (timeout), the thread calling handleRedirectUrl()
// (private-URI response) or cancel(). The browser callback runs on the thread calling start().
//
// Locks: logins_.mutex (the login and its ended predecessors) is taken before the LoginStateMap's
// own lock and is never held while calling the Session, the browser or a callback.
#include "config/Configuration.h"
#include "http/CancelSignal.h"
#include "oauth/AccountChoice.h"
#include "oauth/Discovery.h"
#include "oauth/LoginStateMap.h"
#include "oauth/TokenClient.h"
#include "platform/BrowserLauncher.h"
#include "redirect/LoopbackListener.h"
#include "redirect/PostLoginPages.h"
#include "session/LoginLifecycle.h"
#include "session/Session.h"
#include "storage/RememberedAccount.h"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace deskauth::session {

class BrowserLogin {
public:
    // nullptr on success, else the error (Cancelled, TimedOut, ServerError, ProtocolError, ...).
    using Callback = std::function<void(std::exception_ptr error)>;
    // The authorization URL of an attempt and whether the browser opened.
    using BrowserCallback = std::function<void(const std::string& url, bool opened)>;

    BrowserLogin(const Configuration& config, Discovery& discovery, TokenClient& tokens, Session& session,
                 BrowserLauncher& browser, RememberedAccount& remembered);
    // Ends a login under way without telling its callback; joins every thread.
    ~BrowserLogin();
    BrowserLogin(const BrowserLogin&) = delete;
    BrowserLogin& operator=(const BrowserLogin&) = delete;

    // Starts a login, or adds an attempt to the one under way (`done` replaces its callback).
    // Throws PortsBusyError; a discovery or push error ends the login (told to `done`), before
    // the browser opens. `stop` (may be
    // nullptr, must outlive the call): the caller's own cancel, which may fire before this start
    // got going (cancel() would find no login then); until the browser opens it ends the login
    // with Cancelled, told to `done`. `account`: login_hint the remembered account, or let the
    // user choose another one (oauth/AccountChoice; the caller forgets the remembered one).
    void start(Callback done, const BrowserCallback& browser, CancelSignal* stop = nullptr,
               AccountChoice account = AccountChoice::Remembered);
    // Ends the login under way with Cancelled (told on this thread). False when none was.
    bool cancel();
    bool inProgress() const;

    // A private-URI redirect. Returns nullptr when it completed the login, else the error:
    // StrayResponse when it belongs to no login (nothing changes), else the login's error (also
    // told to the login callback).
    std::exception_ptr handleRedirectUrl(const std::string& url);

    std::size_t pendingCount() const { return pending_.size(); }
    int listenerPort() const;

private:
    struct Login;

    CallbackPage handleCallback(const std::map<std::string, std::string>& query);
    // Matches a response to its attempt and completes the login; StrayResponse when it has none.
    std::exception_ptr processResponse(const std::map<std::string, std::string>& query);
    void watchForTimeout(std::uint64_t loginId, std::chrono::seconds timeout);
    void complete(std::exception_ptr error, std::uint64_t loginId);

    const Configuration& config_;
    Discovery& discovery_;
    TokenClient& tokenClient_;
    Session& session_;
    BrowserLauncher& browser_;
    RememberedAccount& remembered_;  // read for login_hint before the login lock is taken
    PostLoginPages pages_;
    LoginStateMap pending_;

    LoginLifecycle<Login> logins_;  // the login under way; ended ones are joined by the next start or cancel
};

}  // namespace deskauth::session
