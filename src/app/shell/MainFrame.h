#pragma once
// The main window: header, info bar, the routed book of views, menus and status bar. It builds
// the views (the sign-in view at once, every other one when first needed: LazyView) and wires their intents to its two controllers: SignInController (the sign-in flows)
// and RouteLoader (each route's data). The header follows the core's "session changed"
// notification; the automation status observes what the window shows.
//
// Threads: UI thread only. Nothing here blocks: core calls run on BackgroundWork threads, and the
// callbacks the core runs on its own threads hold only a BackgroundWork::Poster (the liveness
// guard), so none of them can reach the window after it is destroyed.
#include "navigation/LazyView.h"
#include "navigation/RoutedBook.h"
#include "navigation/SavedPlace.h"
#include "redirect/SingleInstance.h"
#include "session/SignedInUser.h"
#include "shell/AppServices.h"
#include "shell/AutomationStatus.h"
#include "shell/MenuState.h"
#include "shell/PaintWatch.h"
#include "shell/RouteLoader.h"
#include "shell/ShellState.h"
#include "shell/SignInController.h"
#include "shell/UserFolders.h"
#include "work/BackgroundWork.h"

#ifdef _WIN32
// POCO's headers (above) include <windows.h>, whose A/W macros (GetClassInfo -> GetClassInfoW, …)
// would rename wx's own methods below; wx's header undoes them (it may be included many times).
#include <wx/msw/winundef.h>
#endif
#include <wx/frame.h>
#include <wx/infobar.h>

#include <memory>
#include <optional>
#include <string>

namespace deskauth::app {

class HeaderBar;
class LoginView;
class DeviceSignInView;
class CompaniesView;
class TransactionsView;
class ErrorView;

class MainFrame final : public wxFrame {
public:
    MainFrame(std::shared_ptr<AppServices> services, std::string automationStatusFile);

    // Restores a saved session (in the background) and shows the first view.
    void start();
    // A redirect URL of our private scheme: from the command line, or forwarded by a second
    // process through the single-instance channel (private-URI mode).
    void handleRedirect(const std::string& url) { signIn_->handleRedirect(url); }
    // Becomes the single running instance (private-URI mode). False when another one runs.
    bool claimSingleInstance();

private:
    void buildViews();
    void bindMenus();
    void subscribeToSession();
    void showDiagnostics();
    void reload();
    // Runs a tester action (it writes the secret store) off the UI thread; a Reload asked for
    // meanwhile waits for it, so it sees the corrupted token.
    void runTesterAction(void (Authenticator::*action)(), const wxString& done);
    void refreshHeader();
    // Writes the Router's place to return to (and whose it is) to the state file when it changed,
    // so that it survives a restart (issue 20); on every navigation.
    void keepPlace();
    void setStatus(const wxString& text) { SetStatusText(text); }
    void notify(const wxString& message, int icon);
    void bringToFront();
    // What the menus should offer now (MenuState), and applying it to the menu bar, which the
    // window does each time it goes idle, as the automation status is written.
    MenuState menuState();
    void applyMenuState();
    VisibleState visibleState();
    Router& router() { return book_->router(); }

    std::shared_ptr<AppServices> services_;
    BackgroundWork work_;
    AutomationStatus automation_;
    ShellState state_;
    std::optional<SignedInUser> user_;  // as the last "session changed" notification said
    bool deviceSignInOffered_ = false;  // as SignInController last said
    bool accountRemembered_ = false;    // likewise
    std::optional<MenuState> menuShown_;  // what applyMenuState last put on the menu bar
    int testerActionsRunning_ = 0;
    bool reloadWhenDone_ = false;
    PlaceFile places_{stateFile()};  // the place to return to, between runs
    SavedPlace keptPlace_;           // what places_ holds

    HeaderBar* header_ = nullptr;
    wxInfoBar* notice_ = nullptr;
    RoutedBook* book_ = nullptr;
    LoginView* loginView_ = nullptr;  // the first view shown; every other one is made when first needed
    std::unique_ptr<LazyView<DeviceSignInView>> deviceView_;
    std::unique_ptr<LazyView<CompaniesView>> companiesView_;
    std::unique_ptr<LazyView<TransactionsView>> transactionsView_;
    std::unique_ptr<LazyView<ErrorView>> errorView_;
    std::unique_ptr<SignInController> signIn_;
    std::unique_ptr<RouteLoader> loader_;
    PaintWatch firstPaint_;                           // a debug log line that bench/run times
    std::unique_ptr<SingleInstance> singleInstance_;  // last: its thread stops before the rest goes
};

}  // namespace deskauth::app
