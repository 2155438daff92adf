#pragma once
// The main window: header, a book of views switched by the Router, menus and status bar. It
// wires view intents to the core services and runs every network call off the UI thread.
#include "navigation/Router.h"
#include "shell/AppServices.h"
#include "shell/AutomationStatus.h"
#include "shell/BackgroundWork.h"
#include "shell/PaintWatch.h"
#include "redirect/SingleInstance.h"

#include <wx/frame.h>
#include <wx/infobar.h>
#include <wx/simplebook.h>

#include <exception>
#include <memory>

namespace deskauth::app {

class HeaderBar;
class LoginView;
class CompaniesView;
class TransactionsView;
class ErrorView;
class DeviceSignInView;
struct ErrorReport;

class MainFrame final : public wxFrame {
public:
    MainFrame(std::shared_ptr<AppServices> services, std::string automationStatusFile);

    // Restores a saved session and shows the first view.
    void start();
    // A redirect URL of our private scheme: from the command line, or forwarded by a second
    // process through the single-instance channel (private-URI mode).
    void handleRedirect(const std::string& url);
    // Becomes the single running instance (private-URI mode). False when another one runs.
    bool claimSingleInstance();

private:
    void bindMenus();
    void showDiagnostics();
    void showRoute(const Route& route, const std::string& location);
    void loadCompanies();
    void loadTransactions(int companyId);
    void loadUserInfo();
    void startLogin();
    void loginFinished(const std::exception_ptr& error);
    void startDeviceLogin();
    void deviceLoginFinished(const std::exception_ptr& error);
    void cancelLogin();
    void checkDeviceSignIn();
    void signOut();
    void handleFailure(const std::exception_ptr& error);
    void showError(const ErrorReport& report);
    void refreshHeader();
    void publish(const std::string& state, int items = -1);
    void setStatus(const wxString& text) { SetStatusText(text); }
    void notify(const wxString& message, int icon);
    void bringToFront();

    std::shared_ptr<AppServices> services_;
    Router router_;
    BackgroundWork work_;
    AutomationStatus automation_;
    VisibleState lastVisible_;
    wxString loginMessage_;    // shown by the sign-in view the next time it appears
    wxString noticeText_;      // the info bar's message (wxInfoBar has no getter)
    unsigned generation_ = 0;  // bumps on every navigation; late results of older ones are dropped
    std::string userDetail_;
    std::string lastErrorCode_, lastErrorId_;

    HeaderBar* header_;
    wxSimplebook* book_;
    LoginView* loginView_;
    CompaniesView* companiesView_;
    TransactionsView* transactionsView_;
    ErrorView* errorView_;
    DeviceSignInView* deviceView_;
    bool deviceSignIn_ = false;  // the device sign-in view is up (location /login)
    wxInfoBar* notice_;
    PaintWatch firstPaint_, companiesPaint_;  // debug log lines that bench/run times
    std::unique_ptr<SingleInstance> singleInstance_;  // last: its thread stops before the rest goes
};

}  // namespace deskauth::app
