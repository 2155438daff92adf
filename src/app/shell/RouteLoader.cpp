#include "shell/RouteLoader.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "views/CompaniesView.h"
#include "views/ErrorView.h"
#include "views/TransactionsView.h"

namespace deskauth::app {
namespace {

Poco::Logger& routeLoaderLog() { return log::get("app"); }

}  // namespace

RouteLoader::RouteLoader(std::shared_ptr<AppServices> services, BackgroundWork& work, Router& router,
                         ShellState& state, LazyView<CompaniesView>& companies,
                         LazyView<TransactionsView>& transactions, LazyView<ErrorView>& error, Window window)
    : services_(std::move(services)),
      work_(work),
      router_(router),
      state_(state),
      companies_(companies),
      transactions_(transactions),
      error_(error),
      window_(std::move(window)) {}

void RouteLoader::loadCompanies() {
    companies_.get().showLoading();
    window_.setStatus(L"Loading companies\u2026");
    state_.setPhase("loading");
    const unsigned generation = generation_;
    work_.run([this, services = services_, generation]() -> BackgroundWork::UiStep {
        try {
            auto companies = services->api->companies();
            return [this, companies = std::move(companies), generation]() mutable {
                if (!isCurrent(generation, "companies")) return;
                const int count = static_cast<int>(companies.size());
                companies_.get().showCompanies(std::move(companies));
                companiesPaint_.arm(&companies_.get(), [count] { routeLoaderLog().debug("companies painted (%d rows)", count); });
                window_.setStatus(wxString::Format("%d companies loaded.", count));
                state_.setPhase("loaded", count);
                if (userDetail_.empty()) loadUserInfo();
            };
        } catch (...) {
            return [this, error = std::current_exception(), generation] {
                if (isCurrent(generation, "companies failure")) handleFailure(error);
            };
        }
    });
}

void RouteLoader::loadTransactions(int companyId) {
    transactions_.get().showLoading();
    window_.setStatus(L"Loading transactions\u2026");
    state_.setPhase("loading");
    const unsigned generation = generation_;
    work_.run([this, services = services_, generation, companyId]() -> BackgroundWork::UiStep {
        try {
            auto data = services->api->transactions(companyId);
            return [this, data = std::move(data), generation] {
                if (!isCurrent(generation, "transactions")) return;
                transactions_.get().showTransactions(data);
                window_.setStatus(wxString::Format("%zu transactions loaded.", data.transactions.size()));
                state_.setPhase("loaded", static_cast<int>(data.transactions.size()));
            };
        } catch (...) {
            return [this, error = std::current_exception(), generation] {
                if (isCurrent(generation, "transactions failure")) handleFailure(error);
            };
        }
    });
}

void RouteLoader::loadUserInfo() {
    work_.run([this, services = services_]() -> BackgroundWork::UiStep {
        try {
            ApiUserInfo info = services->api->userInfo();
            std::string regions;
            for (const auto& r : info.regions) regions += (regions.empty() ? "" : ", ") + r;
            return [this, regions] {
                userDetail_ = regions.empty() ? "no regions" : regions;
                window_.headerChanged();
            };
        } catch (const std::exception& e) {
            routeLoaderLog().warning("user info not available: %s", std::string(e.what()));
            return {};  // the header keeps the name from the ID token
        }
    });
}

bool RouteLoader::isCurrent(unsigned generation, const char* what) const {
    if (generation == generation_) return true;
    routeLoaderLog().debug("late %s answer dropped: the view it was for was left", std::string(what));
    return false;
}

void RouteLoader::handleFailure(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const LoginRequired&) {
        // The session is over (refresh token expired or revoked): sign in, then come back here.
        userDetail_.clear();
        window_.sessionEnded("Your session has ended. Sign in again to continue where you left off.");
        router_.requireLogin();
    } catch (const Error& e) {
        log::error(routeLoaderLog(), e);
        showError({wxString::FromUTF8(e.userMessage()), wxString::FromUTF8(e.id()), wxString::FromUTF8(e.code()),
                   wxString::FromUTF8(std::string(toString(e.kind())) + ": " + log::redact(e.details()))});
    } catch (const std::exception& e) {
        const std::string id = newErrorId();
        routeLoaderLog().error("error %s: unexpected: %s", id, log::redact(e.what()));
        showError({"An unexpected problem occurred.", wxString::FromUTF8(id), "unexpected", wxString::FromUTF8(log::redact(e.what()))});
    }
}

void RouteLoader::showError(const ErrorReport& report) {
    state_.setError(report.code.utf8_string(), report.errorId.utf8_string());
    error_.get().showError(report);
    window_.setStatus("Error " + report.errorId);
    router_.showError();
}

}  // namespace deskauth::app
