#include "shell/MainFrame.h"

#include "diagnostics/Diagnostics.h"
#include "errors/Errors.h"
#include "log/Log.h"
#include "platform/SchemeRegistration.h"
#include "shell/MainMenu.h"
#include "storage/TokenSetCodec.h"
#include "views/CompaniesView.h"
#include "views/DeviceSignInView.h"
#include "views/DiagnosticsDialog.h"
#include "views/ErrorView.h"
#include "views/HeaderBar.h"
#include "views/LoginView.h"
#include "views/TransactionsView.h"

#include <wx/aboutdlg.h>
#include <wx/iconbndl.h>
#include <wx/sizer.h>
#include <wx/stdpaths.h>

#include <utility>

namespace deskauth::app {
namespace {

Poco::Logger& mainFrameLog() { return log::get("app"); }

}  // namespace

MainFrame::MainFrame(std::shared_ptr<AppServices> services, std::string automationStatusFile)
    : wxFrame(nullptr, wxID_ANY, "DeskAuth", wxDefaultPosition, wxSize(980, 640)),
      services_(std::move(services)),
      work_(this),
      automation_(std::move(automationStatusFile)) {
    SetMinSize(FromDIP(wxSize(640, 420)));
#ifdef __WXMSW__
    // The icon of the executable's resources (resources/windows/deskauth.rc.in) in all its sizes:
    // the title bar, the taskbar and Alt+Tab each take the one that fits their DPI.
    SetIcons(wxIconBundle(wxS("appicon"), nullptr));
#endif
    SetMenuBar(createMainMenu(services_->config.ui.showTesterMenu));
    CreateStatusBar();
    buildViews();
    // Where the last run left the user (a restart between a session's end and the sign-in, or a
    // restart while signed in): back there after this user's sign-in or restored session.
    if (auto kept = places_.load()) {
        router().restorePlace(kept->returnLocation, kept->owner);
        keptPlace_ = SavedPlace{router().returnLocation(), router().placesOwner()};
    }
    subscribeToSession();
    bindMenus();
    // Back/Home before the focused control sees the key: list controls keep Alt+arrows for
    // themselves, so the menu accelerators alone would not fire while a list has the focus.
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        const bool alt = event.GetModifiers() == wxMOD_ALT;
        if (alt && event.GetKeyCode() == WXK_LEFT) {
            router().back();
        } else if (alt && event.GetKeyCode() == WXK_HOME) {
            router().goHome();
        } else {
            event.Skip();
        }
    });
    automation_.watch(*this, [this] { return visibleState(); });
    // Bound after the automation watch: wx runs the handlers of an event latest-bound first, so
    // the menus are up to date when the automation status reads them in the same idle event.
    Bind(wxEVT_IDLE, [this](wxIdleEvent& event) {
        event.Skip();
        applyMenuState();
    });
}

void MainFrame::buildViews() {
    header_ = new HeaderBar(this);
    notice_ = new wxInfoBar(this);
    book_ = new RoutedBook(this);
    loginView_ = new LoginView(book_);
    // Made at their first navigation (or, the error view, when first filled), with their intents
    // connected then: start-up builds only the sign-in view it shows first (issue 23).
    deviceView_ = std::make_unique<LazyView<DeviceSignInView>>(
        book_, [this](DeviceSignInView& view) { view.onCancel = [this] { signIn_->cancelLogin(); }; });
    companiesView_ = std::make_unique<LazyView<CompaniesView>>(book_, [this](CompaniesView& view) {
        view.onOpenCompany = [this](int id) { router().navigate(transactionsLocation(id)); };
    });
    transactionsView_ = std::make_unique<LazyView<TransactionsView>>(
        book_, [this](TransactionsView& view) { view.onBack = [this] { router().back(); }; });
    errorView_ = std::make_unique<LazyView<ErrorView>>(book_, [this](ErrorView& view) {
        view.onTryAgain = [this] { reload(); };
        view.onHome = [this] { router().goHome(); };
    });

    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(header_, wxSizerFlags().Expand());
    column->Add(notice_, wxSizerFlags().Expand());
    column->Add(book_, wxSizerFlags(1).Expand());
    SetSizer(column);

    SignInController::Window signInWindow{[this](const wxString& text) { setStatus(text); },
                                          [this](const wxString& message, int icon) { notify(message, icon); },
                                          [this] { bringToFront(); },
                                          [this](bool offered) { deviceSignInOffered_ = offered; },
                                          [this](bool remembered) { accountRemembered_ = remembered; }};
    signIn_ = std::make_unique<SignInController>(services_, work_, router(), state_, *loginView_, *deviceView_,
                                                 std::move(signInWindow));
    RouteLoader::Window loaderWindow{[this](const wxString& text) { setStatus(text); }, [this] { refreshHeader(); },
                                     [this](const wxString& message) { signIn_->leaveMessage(message); }};
    loader_ = std::make_unique<RouteLoader>(services_, work_, router(), state_, *companiesView_, *transactionsView_,
                                            *errorView_, std::move(loaderWindow));

    book_->addRoute(ViewKind::Login, loginView_, "Sign in", [this](const Route&) { signIn_->loginShown(); });
    book_->addRoute(ViewKind::Companies, [this] { return &companiesView_->get(); }, "Companies",
                    [this](const Route&) { loader_->loadCompanies(); });
    book_->addRoute(ViewKind::Transactions, [this] { return &transactionsView_->get(); }, "Transactions",
                    [this](const Route& route) { loader_->loadTransactions(route.companyId); });
    book_->addRoute(ViewKind::Error, [this] { return &errorView_->get(); }, "Error",
                    [this](const Route&) { loader_->errorShown(); });
    book_->addRoute(ViewKind::DeviceLogin, [this] { return &deviceView_->get(); }, "Sign in on another device",
                    [this](const Route&) { signIn_->deviceLoginShown(); });
    book_->onNavigated([this] {
        mainFrameLog().debug("showing %s", router().current());
        loader_->navigated();
        keepPlace();
    });

    loginView_->onSignIn = [this] { signIn_->startLogin(); };
    loginView_->onCancel = [this] { signIn_->cancelLogin(); };
    loginView_->onSignInOnAnotherDevice = [this] { signIn_->startDeviceLogin(); };
    loginView_->onSwitchAccount = [this] { signIn_->switchAccount(); };
}

void MainFrame::subscribeToSession() {
    // Both run on core threads, possibly after this window is gone: they hold only the Poster.
    const auto post = work_.poster();
    services_->auth->onSessionChanged([this, post](const std::optional<SignedInUser>& user) {
        post([this, user] {
            user_ = user;
            if (!user) loader_->forgetUser();
            refreshHeader();
        });
    });
    services_->auth->onStorageProblem([this, post](const StorageError& e) {
        const wxString message = wxString::FromUTF8(e.userMessage()) +
                                 " You will have to sign in again next time. (Error ID " + wxString::FromUTF8(e.id()) + ")";
        post([this, message] { notify(message, wxICON_WARNING); });
    });
}

void MainFrame::start() {
    // The secret store may be waiting for the user to unlock the keyring: open the saved session
    // in the background while the window says so.
    firstPaint_.arm(this, [] { mainFrameLog().debug("first view painted"); });
    loginView_->showStarting();
    setStatus(L"Opening your saved session\u2026");
    state_.setPhase("starting");
    // The TLS context (OpenSSL decoding every system CA) is left out of the start-up and made here,
    // on a thread of its own beside the session restore, so that the first sign-in or API call
    // does not wait for it (bench/README.md: a third of the start-up's instructions before).
    work_.run([services = services_]() -> BackgroundWork::UiStep {
        try {
            services->transport->prepareTls();
        } catch (const Error& e) {  // said by the request that needs it, with its own error ID
            mainFrameLog().warning("TLS context not ready (%s): %s", e.id(), e.details());
        }
        return {};
    });
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        bool restored = false;
        std::optional<StorageError> unreadable;
        try {
            restored = services->auth->restoreSession();  // the header follows onSessionChanged
        } catch (const CorruptTokenEntry& e) {
            unreadable = e;  // removed by the store, details logged there; said once, sign-in offered
        }
        const auto user = services->auth->user();
        std::optional<StorageError> notice;
        try {
            notice = services->store->fallbackNotice();
        } catch (const Error& e) {
            notice = StorageError(e.userMessage(), e.details());
        }
        return [this, restored, user, notice, unreadable] {
            if (notice) {
                notify(wxString::FromUTF8(notice->userMessage()) + " (Error ID " + wxString::FromUTF8(notice->id()) + ")",
                       wxICON_INFORMATION);
            }
            if (unreadable) {
                notify(wxString::FromUTF8(unreadable->userMessage()) + " (Error ID " +
                           wxString::FromUTF8(unreadable->id()) + ")",
                       wxICON_WARNING);
            }
            if (restored && user) {
                router().sessionRestored(placeOwner(services_->config.oauth.authority, user->subject));
            } else if (restored) {
                router().goHome();
            } else {
                router().requireLogin();
            }
        };
    });
}

void MainFrame::bindMenus() {
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { signIn_->startLogin(); }, idSignIn);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { signIn_->startDeviceLogin(); }, idSignInOnAnotherDevice);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { signIn_->switchAccount(); }, idSwitchAccount);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { signIn_->cancelLogin(); }, idCancelSignIn);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { signIn_->signOut(); }, idSignOut);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { reload(); }, idReload);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { router().back(); }, idBack);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { router().goHome(); }, idHome);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        runTesterAction(&Authenticator::expireAccessToken,
                        "Access token expired (tester action). Reload to see the silent refresh.");
    }, idExpireAccessToken);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        runTesterAction(&Authenticator::expireRefreshToken,
                        "Refresh token expired (tester action). Reload to see the session end.");
    }, idExpireRefreshToken);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { showDiagnostics(); }, idDiagnostics);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        wxAboutDialogInfo info;
        info.SetName("DeskAuth");
        info.SetVersion(DESKAUTH_VERSION);
        info.SetDescription("Signs you in through your system browser with OpenID Connect\n"
                            "(Authorization Code + PKCE) and shows your companies.");
        info.SetCopyright("(C) DeskAuth developers");
        wxAboutBox(info, this);
    }, wxID_ABOUT);
}

void MainFrame::runTesterAction(void (Authenticator::*action)(), const wxString& done) {
    ++testerActionsRunning_;
    work_.run([this, services = services_, action, done]() -> BackgroundWork::UiStep {
        ((*services->auth).*action)();
        return [this, done] {
            setStatus(done);
            if (--testerActionsRunning_ == 0 && std::exchange(reloadWhenDone_, false)) router().reload();
        };
    });
}

void MainFrame::reload() {
    if (testerActionsRunning_ > 0) {
        reloadWhenDone_ = true;
        return;
    }
    router().reload();
}

void MainFrame::showDiagnostics() {
    DiagnosticsRequest request;
    request.configPath = services_->config.sourceFile;
    request.executable = wxStandardPaths::Get().GetExecutablePath().utf8_string();
    DiagnosticsDialog dialog(this, [request] { return runDiagnostics(request); });
    dialog.ShowModal();
}

void MainFrame::bringToFront() {
    // Raise where the window manager allows it, and ask for attention where it does not.
    Show();
    Iconize(false);
    Raise();
    RequestUserAttention();
}

void MainFrame::keepPlace() {
    SavedPlace now{router().returnLocation(), router().placesOwner()};
    if (now == keptPlace_) return;
    places_.save(now);
    keptPlace_ = std::move(now);
}

void MainFrame::notify(const wxString& message, int icon) {
    notice_->ShowMessage(message, icon);
    state_.notice = message.utf8_string();
}

bool MainFrame::claimSingleInstance() {
    try {
        // The channel's thread calls this; it holds only the Poster.
        singleInstance_ = std::make_unique<SingleInstance>(
            SingleInstance::socketPath("deskauth"), [this, post = work_.poster()](const std::string& message) {
                post([this, message] {
                    if (message == "activate") bringToFront();
                    else handleRedirect(message);
                });
            });
    } catch (const std::runtime_error& e) {
        mainFrameLog().warning("single instance: %s", std::string(e.what()));
        return false;
    }
    const auto& config = services_->config;
    SchemeHandler handler{config.redirect.privateScheme, wxStandardPaths::Get().GetExecutablePath().utf8_string(),
                          config.sourceFile};
    try {
        // First run (or moved executable): register the scheme for this user, no admin rights.
        if (!SchemeRegistration::isRegistered(handler)) SchemeRegistration::registerHandler(handler);
    } catch (const Error& e) {
        log::error(mainFrameLog(), e);
        notify("DeskAuth could not register itself for sign-in links; signing in may not return to the app. Error ID " +
                   wxString::FromUTF8(e.id()),
               wxICON_WARNING);
    }
    return true;
}

void MainFrame::refreshHeader() {
    if (!user_) {
        header_->setUser({});
        return;
    }
    header_->setUser(wxString::FromUTF8(!user_->name.empty() ? user_->name : "you"),
                     wxString::FromUTF8(loader_->userDetail()));
}

MenuState MainFrame::menuState() {
    return menuStateFor({user_.has_value(), state_.phase, deviceSignInOffered_, router().canGoBack(), accountRemembered_});
}

void MainFrame::applyMenuState() {
    const MenuState menu = menuState();
    if (menuShown_ == menu) return;
    wxMenuBar& bar = *GetMenuBar();
    bar.Enable(idSignIn, menu.signIn);
    bar.Enable(idSignInOnAnotherDevice, menu.signInOnAnotherDevice);
    bar.Enable(idSwitchAccount, menu.switchAccount);
    bar.Enable(idCancelSignIn, menu.cancelSignIn);
    bar.Enable(idSignOut, menu.signOut);
    for (const int id : {idExpireAccessToken, idExpireRefreshToken}) {
        if (bar.FindItem(id)) bar.Enable(id, menu.expireTokens);  // only with the tester menu
    }
    bar.Enable(idBack, menu.back);
    menuShown_ = menu;
}

VisibleState MainFrame::visibleState() {
    const std::string& location = book_->router().current();
    const bool signingIn = location == Router::login || location == Router::deviceLogin;
    VisibleState visible;
    visible.location = location;
    visible.state = state_.phase;
    visible.items = state_.items;
    visible.user = user_ ? user_->name : "";
    visible.title = GetTitle().utf8_string();
    visible.errorCode = state_.errorCode;
    visible.errorId = state_.errorId;
    visible.loginMessage = signingIn ? loginView_->message().utf8_string() : "";
    visible.loginWaitingFor = location == Router::login ? loginView_->waitingFor().utf8_string() : "";
    visible.signInLabel = location == Router::login ? loginView_->signInLabel().utf8_string() : "";
    visible.notice = notice_->IsShown() ? state_.notice : "";
    visible.linkOffered = location == Router::login && loginView_->offersLink();
    visible.deviceOffered = signingIn && loginView_->offersDeviceSignIn();
    if (const auto* device = deviceView_->ifMade(); device != nullptr && location == Router::deviceLogin) {
        visible.deviceUserCode = device->userCode().utf8_string();
        visible.deviceVerificationUri = device->verificationUri().utf8_string();
    }
    visible.active = IsActive();
    // Read from the menu bar itself, so a test sees what the user can choose.
    const wxMenuBar& bar = *GetMenuBar();
    const auto enabled = [&bar](int id) { return bar.FindItem(id) != nullptr && bar.IsEnabled(id); };
    visible.menu = {enabled(idSignIn),  enabled(idSignInOnAnotherDevice), enabled(idCancelSignIn),
                    enabled(idSignOut), enabled(idExpireAccessToken),     enabled(idBack),
                    enabled(idSwitchAccount)};
    visible.rememberedAccount = signingIn ? loginView_->rememberedAccount().utf8_string() : "";
    return visible;
}

}  // namespace deskauth::app
