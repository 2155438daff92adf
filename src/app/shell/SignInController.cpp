#include "shell/SignInController.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "navigation/SavedPlace.h"
#include "views/DeviceSignInView.h"
#include "views/LoginView.h"

#include <wx/icon.h>

#include <utility>

namespace deskauth::app {
namespace {

Poco::Logger& signInControllerLog() { return log::get("app"); }

}  // namespace

SignInController::SignInController(std::shared_ptr<AppServices> services, BackgroundWork& work, Router& router,
                                   ShellState& state, LoginView& login, LazyView<DeviceSignInView>& device,
                                   Window window)
    : services_(std::move(services)),
      work_(work),
      router_(router),
      state_(state),
      login_(login),
      device_(device),
      window_(std::move(window)) {}

void SignInController::loginShown() {
    const bool waiting = services_->auth->loginInProgress();
    // a message left by whoever sent the user here ("Your session has ended.") is shown once
    if (!waiting) login_.showIdle(std::exchange(loginMessage_, {}));
    window_.setStatus("Sign in to continue.");
    state_.setPhase(waiting ? "waiting" : "idle");
    checkDeviceSignIn();
    checkRememberedAccount();
}

void SignInController::deviceLoginShown() {
    device_.get().showRequesting();
    window_.setStatus(L"Getting a code to sign in on another device\u2026");
    state_.setPhase("device");
}

void SignInController::startLogin() { startBrowserLogin(AccountChoice::Remembered); }

void SignInController::switchAccount() {
    if (services_->auth->loginInProgress()) return;  // Cancel the sign-in under way first
    login_.offerAccountSwitch({});
    window_.offerAccountSwitch(false);
    startBrowserLogin(AccountChoice::Switch);
}

void SignInController::startBrowserLogin(AccountChoice account) {
    if (router_.current() != Router::login) router_.requireLogin();
    login_.showWaiting();  // "Contacting the sign-in server…" until the browser callback
    window_.setStatus(L"Contacting the sign-in server\u2026");
    state_.setPhase("waiting");
    state_.clearError();
    // One signal for every attempt of this sign-in; Cancel fires it on this thread at once.
    if (!stopStarting_ || stopStarting_->cancelled()) stopStarting_ = std::make_shared<CancelSignal>();
    startAccount_ = account;
    if (cancelsRunning_ > 0) {
        // Started on its own thread now, it could reach the core before the cancel clicked just
        // before it, which would then end this sign-in (and close the port its browser tab is
        // sent back to). It starts when that cancel is done.
        startAfterCancel_ = true;
        return;
    }
    runStartLogin();
}

void SignInController::runStartLogin() {
    const auto post = work_.poster();
    work_.run([this, post, services = services_, stop = stopStarting_, account = startAccount_]() -> BackgroundWork::UiStep {
        try {
            // The callbacks run on the core's threads: they only post, and the step runs only
            // while the window lives.
            auto done = [this, post](const std::exception_ptr& error) { post([this, error] { loginFinished(error); }); };
            auto browser = [this, post](const std::string& url, bool opened) {
                post([this, url, opened] {
                    login_.setAuthorizationUrl(wxString::FromUTF8(url), opened);
                    window_.setStatus(opened ? wxString(L"Waiting for you to sign in in the browser\u2026")
                                             : wxString("The browser could not be opened: copy the sign-in link into a browser."));
                });
            };
            if (account == AccountChoice::Switch) {
                services->auth->switchAccount(std::move(done), browser, stop.get());
            } else {
                services->auth->startLogin(std::move(done), browser, stop.get());
            }
            return {};
        } catch (...) {
            return [this, error = std::current_exception()] { loginFinished(error); };
        }
    });
}

void SignInController::cancelLogin() {
    // A sign-in still contacting the server stops now, even if its start has not got going yet
    // (non-blocking: it only wakes the waits).
    if (stopStarting_) stopStarting_->cancel();
    if (std::exchange(startAfterCancel_, false)) {
        loginFinished(std::make_exception_ptr(Cancelled()));  // that start never reached the core
    }
    // Off the UI thread: cancelling joins the listener's and the device poller's threads, and a
    // poll may be waiting for the server.
    ++cancelsRunning_;
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        services->auth->cancelLogin();
        return [this] {
            if (--cancelsRunning_ == 0 && std::exchange(startAfterCancel_, false)) runStartLogin();
        };
    });
}

void SignInController::checkDeviceSignIn() {
    if (login_.offersDeviceSignIn()) return;
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        const bool available = services->auth->deviceLoginAvailable();  // reads discovery
        return [this, available] {
            login_.offerDeviceSignIn(available);
            window_.offerDeviceSignIn(available);
        };
    });
}

void SignInController::checkRememberedAccount() {
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        const std::string account = services->auth->rememberedAccount();  // may read its file
        return [this, account] {
            login_.offerAccountSwitch(wxString::FromUTF8(account));
            window_.offerAccountSwitch(!account.empty());
        };
    });
}

void SignInController::startDeviceLogin() {
    if (router_.current() == Router::deviceLogin || !login_.offersDeviceSignIn()) return;
    if (services_->auth->loginInProgress()) return;  // a browser login is under way: Cancel it first
    router_.requireDeviceLogin();
    state_.clearError();
    // Cancel ends the code request at once, as it ends a browser sign-in's discovery wait.
    if (!stopStarting_ || stopStarting_->cancelled()) stopStarting_ = std::make_shared<CancelSignal>();
    const auto post = work_.poster();
    work_.run([this, post, services = services_, stop = stopStarting_]() -> BackgroundWork::UiStep {
        try {
            services->auth->startDeviceLogin(
                [this, post](const DeviceSignInPrompt& prompt) {
                    post([this, prompt] {
                        if (router_.current() != Router::deviceLogin) return;
                        device_.get().showCode(wxString::FromUTF8(prompt.userCode), wxString::FromUTF8(prompt.verificationUri),
                                         wxString::FromUTF8(prompt.verificationUriComplete), prompt.expiresIn);
                        window_.setStatus("Waiting for you to approve the sign-in on your other device.");
                    });
                },
                [this, post](const std::exception_ptr& error) { post([this, error] { deviceLoginFinished(error); }); },
                stop.get());
            return {};
        } catch (...) {
            return [this, error = std::current_exception()] { deviceLoginFinished(error); };
        }
    });
}

void SignInController::deviceLoginFinished(const std::exception_ptr& error) {
    if (auto* device = device_.ifMade()) device->stop();
    if (router_.current() == Router::deviceLogin) router_.requireLogin();
    loginFinished(error);
}

void SignInController::loginFinished(const std::exception_ptr& error) {
    try {
        if (error) std::rethrow_exception(error);
        state_.clearError();  // an error of an earlier attempt no longer describes the window
        // The seed's complaint about loopback logins: the app stays behind the browser.
        window_.bringToFront();
        const auto user = services_->auth->user();
        router_.loginCompleted(user ? placeOwner(services_->config.oauth.authority, user->subject) : std::string());
    } catch (const Cancelled&) {
        // The cancelled sign-in's callback, while the one asked for right after the cancel waits
        // to start (cancelLogin): the view keeps saying that it waits.
        if (startAfterCancel_) return;
        login_.showIdle();
        window_.setStatus("Sign-in cancelled.");
        state_.setPhase("idle");
    } catch (const Error& e) {
        log::error(signInControllerLog(), e);
        state_.setError(e.code(), e.id());
        login_.showProblem(wxString::FromUTF8(e.userMessage()), wxString::FromUTF8(e.id()));
        window_.setStatus("Sign-in did not complete.");
        state_.setPhase("idle");
    }
}

void SignInController::handleRedirect(const std::string& url) {
    try {
        if (services_->auth->acceptLogoutReturn(url)) {
            window_.bringToFront();
            window_.setStatus("Signed out in the browser.");
            return;
        }
    } catch (const StrayResponse& e) {
        // Not the return of the logout we started (RP-Initiated Logout §3 state): ignored, logged.
        log::error(signInControllerLog(), e);
        return;
    }
    work_.run([this, services = services_, url]() -> BackgroundWork::UiStep {
        std::exception_ptr error = services->auth->handleRedirectUrl(url);
        if (!error) return {};  // the login callback shows the result of a known response
        return [this, error] { refusedRedirect(error); };
    });
}

void SignInController::refusedRedirect(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const StrayResponse& e) {
        // It belonged to no login, so no login callback tells the user: say so here.
        state_.setError(e.code(), e.id());
        window_.notify("A sign-in response was refused because it does not belong to a sign-in started here. "
                       "Nothing was changed. (Error ID " + wxString::FromUTF8(e.id()) + ")",
                       wxICON_WARNING);
    } catch (...) {
        // a login's own error: its callback reports it
    }
}

void SignInController::signOut() {
    // Off the UI thread: it ends a login under way (joining its threads), revokes at the server
    // and clears the secret store; in "oidc" logout mode it also opens the end-session page.
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        const bool confirmed = services->auth->logout().serverConfirmed;
        return [this, confirmed] {
            // Honest about the server: without its confirmation the refresh token may live on there.
            loginMessage_ = confirmed ? "You have signed out."
                                      : "Signed out here; the server did not confirm that your session ended.";
            router_.signedOut();
            window_.setStatus(confirmed ? "Signed out." : "Signed out here only.");
        };
    });
}

}  // namespace deskauth::app
