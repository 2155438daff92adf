#pragma once
// Loads the data of the route being shown (the companies, a company's transactions, the user's
// regions for the header) and turns a failure into what the user sees: the sign-in view when the
// session ended, else the error view with its error ID.
//
// Threads: UI thread only; every API call runs on a BackgroundWork thread. A result that arrives
// after the user navigated on is dropped (each navigation starts a new generation).
#include "navigation/LazyView.h"
#include "navigation/Router.h"
#include "shell/AppServices.h"
#include "shell/PaintWatch.h"
#include "shell/ShellState.h"
#include "work/BackgroundWork.h"

#include <wx/string.h>

#include <exception>
#include <functional>
#include <memory>
#include <string>

namespace deskauth::app {

class CompaniesView;
class TransactionsView;
class ErrorView;
struct ErrorReport;

class RouteLoader {
public:
    // What the loader may ask of the window.
    struct Window {
        std::function<void(const wxString&)> setStatus;
        std::function<void()> headerChanged;                    // userDetail() changed
        std::function<void(const wxString& message)> sessionEnded;  // shown by the sign-in view
    };

    RouteLoader(std::shared_ptr<AppServices> services, BackgroundWork& work, Router& router, ShellState& state,
                LazyView<CompaniesView>& companies, LazyView<TransactionsView>& transactions, LazyView<ErrorView>& error,
                Window window);

    // Every navigation: results of the previous location are dropped from now on.
    void navigated() { ++generation_; }
    void loadCompanies();
    void loadTransactions(int companyId);
    void errorShown() { state_.setPhase("error"); }

    // The user's regions (from the API), for the header; empty until loaded.
    const std::string& userDetail() const { return userDetail_; }
    void forgetUser() { userDetail_.clear(); }

private:
    void loadUserInfo();
    // Whether a result loaded for `generation` is still for the location shown; logs (debug) the
    // drop of a late one, e.g. the companies answered after Sign Out. UI thread.
    bool isCurrent(unsigned generation, const char* what) const;
    void handleFailure(const std::exception_ptr& error);
    void showError(const ErrorReport& report);

    std::shared_ptr<AppServices> services_;
    BackgroundWork& work_;
    Router& router_;
    ShellState& state_;
    LazyView<CompaniesView>& companies_;  // each made when first shown (or, the error view, filled)
    LazyView<TransactionsView>& transactions_;
    LazyView<ErrorView>& error_;
    Window window_;
    unsigned generation_ = 0;
    std::string userDetail_;
    PaintWatch companiesPaint_;  // a debug log line that bench/run times
};

}  // namespace deskauth::app
