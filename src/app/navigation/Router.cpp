#include "navigation/Router.h"

#include <regex>

namespace deskauth::app {

std::optional<Route> parseLocation(const std::string& location) {
    if (location == Router::login) return Route{ViewKind::Login, 0};
    if (location == Router::error) return Route{ViewKind::Error, 0};
    if (location == Router::home) return Route{ViewKind::Companies, 0};
    static const std::regex transactions(R"(/companies/([0-9]{1,9})/transactions)");
    std::smatch match;
    if (std::regex_match(location, match, transactions)) return Route{ViewKind::Transactions, std::stoi(match[1])};
    return std::nullopt;
}

std::string transactionsLocation(int companyId) { return "/companies/" + std::to_string(companyId) + "/transactions"; }

void Router::show(const std::string& location) {
    current_ = location;
    if (listener_) listener_(*parseLocation(location), location);
}

void Router::navigate(const std::string& location) {
    const std::string target = parseLocation(location) ? location : std::string(home);
    const auto route = *parseLocation(target);
    if (route.view != ViewKind::Login && route.view != ViewKind::Error) {
        if (history_.empty() || history_.back() != target) history_.push_back(target);
        returnLocation_ = target;
    }
    show(target);
}

void Router::back() {
    if (current_ == login || current_ == error) {
        // Leaving a transient view goes back to the last real location.
        if (!history_.empty()) show(history_.back());
        return;
    }
    if (history_.size() > 1) {
        history_.pop_back();
        returnLocation_ = history_.back();
        show(history_.back());
    }
}

void Router::reload() {
    if (current_ == login || current_ == error || current_.empty()) {
        show(returnLocation_);
        return;
    }
    show(current_);
}

void Router::requireLogin() {
    if (current_ != login && current_ != error && !current_.empty()) returnLocation_ = current_;
    show(login);
}

void Router::loginCompleted() { navigate(returnLocation_); }

void Router::showError() {
    if (current_ != login && current_ != error && !current_.empty()) returnLocation_ = current_;
    show(error);
}

}  // namespace deskauth::app
