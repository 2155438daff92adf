#include "navigation/Router.h"

#include <regex>

namespace deskauth::app {

std::optional<Route> parseLocation(const std::string& location) {
    if (location == Router::login) return Route{ViewKind::Login, 0};
    if (location == Router::deviceLogin) return Route{ViewKind::DeviceLogin, 0};
    if (location == Router::error) return Route{ViewKind::Error, 0};
    if (location == Router::home) return Route{ViewKind::Companies, 0};
    static const std::regex transactions(R"(/companies/([0-9]{1,9})/transactions)");
    std::smatch match;
    if (std::regex_match(location, match, transactions)) return Route{ViewKind::Transactions, std::stoi(match[1])};
    return std::nullopt;
}

std::string transactionsLocation(int companyId) { return "/companies/" + std::to_string(companyId) + "/transactions"; }

bool Router::isTransient(const std::string& location) {
    return location == login || location == deviceLogin || location == error;
}

void Router::show(const std::string& location) {
    current_ = location;
    if (listener_) listener_(*parseLocation(location), location);
}

void Router::navigate(const std::string& location) {
    const std::string target = parseLocation(location) ? location : std::string(home);
    if (!isTransient(target)) {
        if (history_.empty() || history_.back() != target) history_.push_back(target);
        returnLocation_ = target;
    }
    show(target);
}

void Router::back() {
    if (isTransient(current_)) {
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
    if (isTransient(current_) || current_.empty()) {
        show(returnLocation_);
        return;
    }
    show(current_);
}

void Router::showTransient(const std::string& location) {
    // remember where the user was, to return there afterwards
    if (!isTransient(current_) && !current_.empty()) returnLocation_ = current_;
    show(location);
}

void Router::requireLogin() { showTransient(login); }

void Router::requireDeviceLogin() { showTransient(deviceLogin); }

void Router::loginCompleted(const std::string& subject) {
    if (!placesOwner_.empty() && placesOwner_ != subject) {
        history_.clear();
        returnLocation_ = home;
    }
    placesOwner_ = subject;
    navigate(returnLocation_);
}

void Router::restorePlace(const std::string& location, const std::string& owner) {
    if (!parseLocation(location) || isTransient(location)) return;
    returnLocation_ = location;
    placesOwner_ = owner;
    history_.clear();
    if (location != home) history_.push_back(home);
}

void Router::signedOut() {
    history_.clear();
    returnLocation_ = home;
    placesOwner_.clear();
    show(login);
}

void Router::showError() { showTransient(error); }

}  // namespace deskauth::app
