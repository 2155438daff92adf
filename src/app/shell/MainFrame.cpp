#include "shell/MainFrame.h"

#include "diagnostics/Diagnostics.h"
#include "errors/Errors.h"
#include "log/Log.h"
#include "shell/MainMenu.h"
#include "views/CompaniesView.h"
#include "views/DeviceSignInView.h"
#include "views/DiagnosticsDialog.h"
#include "views/ErrorView.h"
#include "views/HeaderBar.h"
#include "views/LoginView.h"
#include "views/TransactionsView.h"

#include "platform/SchemeRegistration.h"
#include "redirect/PrivateUriResponse.h"

#include <wx/aboutdlg.h>
#include <wx/infobar.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stdpaths.h>

#include <utility>

namespace deskauth::app {
namespace {

enum Page { LoginPage, CompaniesPage, TransactionsPage, ErrorPage, DevicePage };

Poco::Logger& logger() { return log::get("app"); }

}  // namespace

MainFrame::MainFrame(std::shared_ptr<AppServices> services, std::string automationStatusFile)
    : wxFrame(nullptr, wxID_ANY, "DeskAuth", wxDefaultPosition, wxSize(980, 640)),
      services_(std::move(services)),
      work_(this),
      automation_(std::move(automationStatusFile)) {
    SetMinSize(FromDIP(wxSize(640, 420)));
    SetMenuBar(createMainMenu(services_->config.ui.showTesterMenu));
    CreateStatusBar();

    header_ = new HeaderBar(this);
    notice_ = new wxInfoBar(this);
    book_ = new wxSimplebook(this, wxID_ANY);
    loginView_ = new LoginView(book_);
    companiesView_ = new CompaniesView(book_);
    transactionsView_ = new TransactionsView(book_);
    errorView_ = new ErrorView(book_);
    deviceView_ = new DeviceSignInView(book_);
    book_->AddPage(loginView_, "Sign in");
    book_->AddPage(companiesView_, "Companies");
    book_->AddPage(transactionsView_, "Transactions");
    book_->AddPage(errorView_, "Error");
    book_->AddPage(deviceView_, "Sign in on another device");

    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(header_, wxSizerFlags().Expand());
    column->Add(notice_, wxSizerFlags().Expand());
    column->Add(book_, wxSizerFlags(1).Expand());
    SetSizer(column);

    loginView_->onSignIn = [this] { startLogin(); };
    loginView_->onCancel = [this] { cancelLogin(); };
    loginView_->onSignInOnAnotherDevice = [this] { startDeviceLogin(); };
    deviceView_->onCancel = [this] { cancelLogin(); };
    companiesView_->onOpenCompany = [this](int id) { router_.navigate(transactionsLocation(id)); };
    transactionsView_->onBack = [this] { router_.back(); };
    errorView_->onTryAgain = [this] { router_.reload(); };
    errorView_->onHome = [this] { router_.goHome(); };
    router_.setListener([this](const Route& route, const std::string& location) { showRoute(route, location); });
    services_->auth->onStorageProblem([this](const StorageError& e) {
        const wxString message = wxString::FromUTF8(e.userMessage()) +
                                 " You will have to sign in again next time. (Error ID " + wxString::FromUTF8(e.id()) + ")";
        work_.post([this, message] { notify(message, wxICON_WARNING); });
    });
    bindMenus();
    // Back/Home before the focused control sees the key: list controls keep Alt+arrows for
    // themselves, so the menu accelerators alone would not fire while a list has the focus.
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        const bool alt = event.GetModifiers() == wxMOD_ALT;
        if (alt && event.GetKeyCode() == WXK_LEFT) {
            router_.back();
        } else if (alt && event.GetKeyCode() == WXK_HOME) {
            router_.goHome();
        } else {
            event.Skip();
        }
    });
    Bind(wxEVT_ACTIVATE, [this](wxActivateEvent& event) {
        event.Skip();
        if (!router_.current().empty()) publish("");
    });
}

void MainFrame::start() {
    // The secret store may be waiting for the user to unlock the keyring: open the saved session
    // in the background while the window says so.
    firstPaint_.arm(this, [] { logger().debug("first view painted"); });
    loginView_->showStarting();
    setStatus(L"Opening your saved session\u2026");
    publish("starting");
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        const bool restored = services->auth->restoreSession();
        std::optional<StorageError> notice;
        try {
            notice = services->store->fallbackNotice();
        } catch (const Error& e) {
            notice = StorageError(e.userMessage(), e.details());
        }
        return [this, restored, notice] {
            if (notice) {
                notify(wxString::FromUTF8(notice->userMessage()) + " (Error ID " + wxString::FromUTF8(notice->id()) + ")",
                       wxICON_INFORMATION);
            }
            if (restored) {
                refreshHeader();
                router_.goHome();
            } else {
                router_.requireLogin();
            }
        };
    });
}

void MainFrame::bindMenus() {
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { startLogin(); }, idSignIn);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { startDeviceLogin(); }, idSignInOnAnotherDevice);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { cancelLogin(); }, idCancelSignIn);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { signOut(); }, idSignOut);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { router_.reload(); }, idReload);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { router_.back(); }, idBack);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { router_.goHome(); }, idHome);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        services_->auth->expireAccessToken();
        setStatus("Access token expired (tester action). Reload to see the silent refresh.");
    }, idExpireAccessToken);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        services_->auth->expireRefreshToken();
        setStatus("Refresh token expired (tester action). Reload to see the session end.");
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

void MainFrame::showDiagnostics() {
    DiagnosticsRequest request;
    request.configPath = services_->config.sourceFile;
    request.executable = wxStandardPaths::Get().GetExecutablePath().utf8_string();
    DiagnosticsDialog dialog(this, [request] { return runDiagnostics(request); });
    dialog.ShowModal();
}

void MainFrame::showRoute(const Route& route, const std::string& location) {
    ++generation_;
    logger().debug("showing %s", location);
    switch (route.view) {
    case ViewKind::Login:
        book_->ChangeSelection(deviceSignIn_ ? DevicePage : LoginPage);
        // a message left by whoever sent the user here ("Your session has ended.") is shown once
        if (!services_->auth->loginInProgress()) loginView_->showIdle(std::exchange(loginMessage_, {}));
        setStatus("Sign in to continue.");
        publish(deviceSignIn_ ? "device" : services_->auth->loginInProgress() ? "waiting" : "idle");
        checkDeviceSignIn();
        break;
    case ViewKind::Companies:
        book_->ChangeSelection(CompaniesPage);
        loadCompanies();
        break;
    case ViewKind::Transactions:
        book_->ChangeSelection(TransactionsPage);
        loadTransactions(route.companyId);
        break;
    case ViewKind::Error:
        book_->ChangeSelection(ErrorPage);
        publish("error");
        break;
    }
    GetMenuBar()->Enable(idBack, router_.canGoBack());
}

void MainFrame::loadCompanies() {
    companiesView_->showLoading();
    setStatus(L"Loading companies\u2026");
    publish("loading");
    const unsigned generation = generation_;
    work_.run([this, services = services_, generation]() -> BackgroundWork::UiStep {
        try {
            auto companies = services->api->companies();
            return [this, companies = std::move(companies), generation]() mutable {
                if (generation != generation_) return;
                const int count = static_cast<int>(companies.size());
                companiesView_->showCompanies(std::move(companies));
                companiesPaint_.arm(companiesView_, [count] { logger().debug("companies painted (%d rows)", count); });
                setStatus(wxString::Format("%d companies loaded.", count));
                publish("loaded", count);
                if (userDetail_.empty()) loadUserInfo();
            };
        } catch (...) {
            return [this, error = std::current_exception(), generation] {
                if (generation == generation_) handleFailure(error);
            };
        }
    });
}

void MainFrame::loadTransactions(int companyId) {
    transactionsView_->showLoading();
    setStatus(L"Loading transactions\u2026");
    publish("loading");
    const unsigned generation = generation_;
    work_.run([this, services = services_, generation, companyId]() -> BackgroundWork::UiStep {
        try {
            auto data = services->api->transactions(companyId);
            return [this, data = std::move(data), generation] {
                if (generation != generation_) return;
                transactionsView_->showTransactions(data);
                setStatus(wxString::Format("%zu transactions loaded.", data.transactions.size()));
                publish("loaded", static_cast<int>(data.transactions.size()));
            };
        } catch (...) {
            return [this, error = std::current_exception(), generation] {
                if (generation == generation_) handleFailure(error);
            };
        }
    });
}

void MainFrame::loadUserInfo() {
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        try {
            ApiUserInfo info = services->api->userInfo();
            std::string regions;
            for (const auto& r : info.regions) regions += (regions.empty() ? "" : ", ") + r;
            return [this, regions] {
                userDetail_ = regions.empty() ? "no regions" : regions;
                refreshHeader();
            };
        } catch (const std::exception& e) {
            logger().warning("user info not available: %s", std::string(e.what()));
            return {};  // the header keeps the name from the ID token
        }
    });
}

void MainFrame::startLogin() {
    if (router_.current() != Router::login) router_.requireLogin();
    loginView_->showWaiting();
    setStatus(L"Waiting for you to sign in in the browser\u2026");
    publish("waiting");
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        try {
            services->auth->startLogin(
                [this](const std::exception_ptr& error) { work_.post([this, error] { loginFinished(error); }); },
                [this](const std::string& url, bool opened) {
                    work_.post([this, url, opened] {
                        loginView_->setAuthorizationUrl(wxString::FromUTF8(url), opened);
                        if (!opened) setStatus("The browser could not be opened: copy the sign-in link into a browser.");
                        publish("");
                    });
                });
            return {};
        } catch (...) {
            return [this, error = std::current_exception()] { loginFinished(error); };
        }
    });
}

void MainFrame::cancelLogin() {
    // Off the UI thread: cancelling joins the listener's and the device poller's threads, and a
    // poll may be waiting for the server.
    work_.run([services = services_]() -> BackgroundWork::UiStep {
        services->auth->cancelLogin();
        return {};
    });
}

void MainFrame::checkDeviceSignIn() {
    if (loginView_->offersDeviceSignIn()) return;
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        const bool available = services->auth->deviceLoginAvailable();  // reads discovery
        return [this, available] {
            loginView_->offerDeviceSignIn(available);
            GetMenuBar()->Enable(idSignInOnAnotherDevice, available);
            publish("");
        };
    });
}

void MainFrame::startDeviceLogin() {
    if (deviceSignIn_ || !loginView_->offersDeviceSignIn()) return;
    if (services_->auth->loginInProgress()) return;  // a browser login is under way: Cancel it first
    if (router_.current() != Router::login) router_.requireLogin();
    deviceSignIn_ = true;
    book_->ChangeSelection(DevicePage);
    deviceView_->showRequesting();
    setStatus(L"Getting a code to sign in on another device…");
    publish("device");
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        try {
            services->auth->startDeviceLogin(
                [this](const DeviceSignInPrompt& prompt) {
                    work_.post([this, prompt] {
                        if (!deviceSignIn_) return;
                        deviceView_->showCode(wxString::FromUTF8(prompt.userCode), wxString::FromUTF8(prompt.verificationUri),
                                              wxString::FromUTF8(prompt.verificationUriComplete), prompt.expiresIn);
                        setStatus("Waiting for you to approve the sign-in on your other device.");
                        publish("device");
                    });
                },
                [this](const std::exception_ptr& error) { work_.post([this, error] { deviceLoginFinished(error); }); });
            return {};
        } catch (...) {
            return [this, error = std::current_exception()] { deviceLoginFinished(error); };
        }
    });
}

void MainFrame::deviceLoginFinished(const std::exception_ptr& error) {
    deviceSignIn_ = false;
    deviceView_->stop();
    if (router_.current() == Router::login) book_->ChangeSelection(LoginPage);
    loginFinished(error);
}

void MainFrame::loginFinished(const std::exception_ptr& error) {
    try {
        if (error) std::rethrow_exception(error);
        refreshHeader();
        // The seed's complaint about loopback logins: the app stays behind the browser.
        bringToFront();
        router_.loginCompleted();
    } catch (const Cancelled&) {
        loginView_->showIdle();
        setStatus("Sign-in cancelled.");
        publish("idle");
    } catch (const Error& e) {
        log::error(logger(), e);
        lastErrorCode_ = e.code();
        lastErrorId_ = e.id();
        loginView_->showProblem(wxString::FromUTF8(e.userMessage()), wxString::FromUTF8(e.id()));
        setStatus("Sign-in did not complete.");
        publish("idle");
    }
}

void MainFrame::bringToFront() {
    // Raise where the window manager allows it, and ask for attention where it does not.
    Show();
    Iconize(false);
    Raise();
    RequestUserAttention();
}

void MainFrame::notify(const wxString& message, int icon) {
    notice_->ShowMessage(message, icon);
    noticeText_ = message;
    publish("");
}

bool MainFrame::claimSingleInstance() {
    try {
        singleInstance_ = std::make_unique<SingleInstance>(SingleInstance::socketPath("deskauth"), [this](const std::string& message) {
            work_.post([this, message] {
                if (message == "activate") bringToFront();
                else handleRedirect(message);
            });
        });
    } catch (const std::runtime_error& e) {
        logger().warning("single instance: %s", std::string(e.what()));
        return false;
    }
    const auto& config = services_->config;
    SchemeHandler handler{config.redirect.privateScheme, wxStandardPaths::Get().GetExecutablePath().utf8_string(),
                          config.sourceFile};
    try {
        // First run (or moved executable): register the scheme for this user, no admin rights.
        if (!SchemeRegistration::isRegistered(handler)) SchemeRegistration::registerHandler(handler);
    } catch (const Error& e) {
        log::error(logger(), e);
        notify("DeskAuth could not register itself for sign-in links; signing in may not return to the app. Error ID " +
                   wxString::FromUTF8(e.id()),
               wxICON_WARNING);
    }
    return true;
}

void MainFrame::handleRedirect(const std::string& url) {
    const auto& redirect = services_->config.redirect;
    if (url == redirect.privateScheme + ":" + redirect.logoutCallbackPath) {
        bringToFront();
        setStatus("Signed out in the browser.");
        return;
    }
    work_.run([this, services = services_, url]() -> BackgroundWork::UiStep {
        std::exception_ptr error = services->auth->handleRedirectUrl(url);
        return [this, error] {
            if (!error) return;  // the login callback shows the result of a known response
            try {
                std::rethrow_exception(error);
            } catch (const Error& e) {
                if (e.code() != "unknown_state" && e.code() != "invalid_redirect_url") return;
                lastErrorCode_ = e.code();
                lastErrorId_ = e.id();
                notify("A sign-in response was refused because it does not belong to a sign-in started here. "
                       "Nothing was changed. (Error ID " + wxString::FromUTF8(e.id()) + ")",
                       wxICON_WARNING);
                publish("");
            }
        };
    });
}

void MainFrame::signOut() {
    services_->auth->cancelLogin();
    deviceSignIn_ = false;
    userDetail_.clear();
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        services->auth->logout();  // and, in "oidc" logout mode, the browser's end-session page
        return [this] {
            refreshHeader();
            loginMessage_ = "You have signed out.";
            router_.requireLogin();
            setStatus("Signed out.");
        };
    });
}

void MainFrame::handleFailure(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const LoginRequired&) {
        // The session is over (refresh token expired or revoked): sign in, then come back here.
        userDetail_.clear();
        refreshHeader();
        loginMessage_ = "Your session has ended. Sign in again to continue where you left off.";
        router_.requireLogin();
    } catch (const Error& e) {
        log::error(logger(), e);
        showError({wxString::FromUTF8(e.userMessage()), wxString::FromUTF8(e.id()), wxString::FromUTF8(e.code()),
                   wxString::FromUTF8(std::string(toString(e.kind())) + ": " + log::redact(e.details()))});
    } catch (const std::exception& e) {
        const std::string id = newErrorId();
        logger().error("error %s: unexpected: %s", id, log::redact(e.what()));
        showError({"An unexpected problem occurred.", wxString::FromUTF8(id), "unexpected", wxString::FromUTF8(log::redact(e.what()))});
    }
}

void MainFrame::showError(const ErrorReport& report) {
    lastErrorCode_ = report.code.utf8_string();
    lastErrorId_ = report.errorId.utf8_string();
    errorView_->showError(report);
    setStatus("Error " + report.errorId);
    router_.showError();
}

void MainFrame::refreshHeader() {
    auto user = services_->auth->user();
    if (!services_->auth->isSignedIn()) {
        header_->setUser({});
        return;
    }
    header_->setUser(wxString::FromUTF8(user && !user->name.empty() ? user->name : "you"), wxString::FromUTF8(userDetail_));
}

void MainFrame::publish(const std::string& state, int items) {
    if (!automation_.enabled()) return;
    VisibleState visible;
    visible.location = router_.current();
    visible.state = state.empty() ? lastVisible_.state : state;
    visible.items = state.empty() ? lastVisible_.items : items;
    auto user = services_->auth->user();
    visible.user = services_->auth->isSignedIn() && user ? user->name : "";
    visible.title = GetTitle().utf8_string();
    visible.errorCode = lastErrorCode_;
    visible.errorId = lastErrorId_;
    visible.loginMessage = visible.location == "/login" ? loginView_->message().utf8_string() : "";
    visible.notice = notice_->IsShown() ? noticeText_.utf8_string() : "";
    visible.linkOffered = visible.location == "/login" && !deviceSignIn_ && loginView_->offersLink();
    visible.deviceOffered = visible.location == "/login" && loginView_->offersDeviceSignIn();
    if (visible.location == "/login" && deviceSignIn_) {
        visible.deviceUserCode = deviceView_->userCode().utf8_string();
        visible.deviceVerificationUri = deviceView_->verificationUri().utf8_string();
    }
    visible.active = IsActive();
    lastVisible_ = visible;
    automation_.write(visible);
}

}  // namespace deskauth::app
