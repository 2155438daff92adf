#pragma once
// Runs the sign-in flows for the window: the browser login, sign in on another device, the
// private-URI redirects, cancel and sign out. It drives the sign-in views and the Router and
// turns each login's outcome into what the user sees.
//
// Threads: every method runs on the UI thread and returns at once: each core call that blocks
// (startLogin, switchAccount, cancelLogin, startDeviceLogin, handleRedirectUrl, logout,
// deviceLoginAvailable, rememberedAccount)
// runs on a BackgroundWork thread. The core's callbacks (on its listener, watchdog and poller
// threads) only hold a BackgroundWork::Poster, so they cannot reach the window once it is gone.
#include "http/CancelSignal.h"
#include "navigation/LazyView.h"
#include "navigation/Router.h"
#include "oauth/AccountChoice.h"
#include "shell/AppServices.h"
#include "shell/ShellState.h"
#include "work/BackgroundWork.h"

#include <wx/string.h>

#include <exception>
#include <functional>
#include <memory>
#include <string>

namespace deskauth::app {

class LoginView;
class DeviceSignInView;

class SignInController {
public:
    // What the controller may ask of the window.
    struct Window {
        std::function<void(const wxString&)> setStatus;
        std::function<void(const wxString& message, int icon)> notify;
        std::function<void()> bringToFront;
        std::function<void(bool)> offerDeviceSignIn;  // the menu item
        std::function<void(bool)> offerAccountSwitch;  // the menu item: an account is remembered
    };

    SignInController(std::shared_ptr<AppServices> services, BackgroundWork& work, Router& router, ShellState& state,
                     LoginView& login, LazyView<DeviceSignInView>& device, Window window);

    // The Router showed the sign-in view / the device sign-in view.
    void loginShown();
    void deviceLoginShown();

    void startLogin();
    // "Switch Account…": forgets the remembered account and signs in letting the user choose one.
    void switchAccount();
    void cancelLogin();
    void startDeviceLogin();
    void signOut();
    // A redirect URL of our private scheme (command line or forwarded by a second process).
    void handleRedirect(const std::string& url);
    // Shown once by the sign-in view the next time it appears ("Your session has ended.").
    void leaveMessage(const wxString& message) { loginMessage_ = message; }

private:
    // The core call of startLogin, on a background thread.
    void runStartLogin();
    void checkDeviceSignIn();
    void checkRememberedAccount();
    void startBrowserLogin(AccountChoice account);
    void loginFinished(const std::exception_ptr& error);
    void deviceLoginFinished(const std::exception_ptr& error);
    void refusedRedirect(const std::exception_ptr& error);

    std::shared_ptr<AppServices> services_;
    BackgroundWork& work_;
    Router& router_;
    ShellState& state_;
    LoginView& login_;
    LazyView<DeviceSignInView>& device_;  // made when first shown
    Window window_;
    wxString loginMessage_;
    std::shared_ptr<CancelSignal> stopStarting_;  // the browser sign-in's cancel, fired by cancelLogin
    // Cancel, then Sign In at once: the cancel's core call (on its own thread) must not end the new
    // sign-in, so a start asked for while a cancel runs waits for it (an event, not a time).
    int cancelsRunning_ = 0;
    bool startAfterCancel_ = false;
    AccountChoice startAccount_ = AccountChoice::Remembered;  // the account the next start asks for
};

}  // namespace deskauth::app
