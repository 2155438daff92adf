#pragma once
// Maps locations ("/login", "/login/device", "/companies", "/companies/{id}/transactions", "/error") to views and
// keeps the history. When a session ends it remembers where the user was, so that after signing
// in they are back at the same place (the seed's hash-location restore), also after a restart
// (restorePlace; the shell keeps the place in navigation/SavedPlace). wx-free, single-threaded
// (UI thread only).
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace deskauth::app {

enum class ViewKind { Login, DeviceLogin, Companies, Transactions, Error };

struct Route {
    ViewKind view = ViewKind::Companies;
    int companyId = 0;  // for Transactions
};

std::optional<Route> parseLocation(const std::string& location);
std::string transactionsLocation(int companyId);

class Router {
public:
    static constexpr const char* home = "/companies";
    static constexpr const char* login = "/login";
    static constexpr const char* error = "/error";
    static constexpr const char* deviceLogin = "/login/device";  // sign in on another device (RFC 8628)

    // Sign-in and error views are transient: not kept in history, never returned to.
    static bool isTransient(const std::string& location);

    using Listener = std::function<void(const Route& route, const std::string& location)>;
    void setListener(Listener listener) { listener_ = std::move(listener); }

    // Goes to a location; unknown locations go home. Login and error are not kept in history.
    void navigate(const std::string& location);
    bool canGoBack() const { return history_.size() > 1; }
    void back();
    void goHome() { navigate(home); }
    // Re-shows the current location (Reload); from login/error, the location to return to.
    void reload();

    // The session ended: remember where the user was and show the sign-in view.
    void requireLogin();
    // The sign-in on another device, remembering the same place as requireLogin().
    void requireDeviceLogin();
    // After a successful login of the user `subject` (the ID token's `sub`): back to the
    // remembered location if it was this user's (or nobody's yet), else home with no history, so
    // the next user never lands on the previous user's company.
    void loginCompleted(const std::string& subject);
    // The saved session of `subject` was restored at start: as loginCompleted, back to the place
    // kept for them across the restart (restorePlace), else home.
    void sessionRestored(const std::string& subject) { loginCompleted(subject); }
    // At start, before anything is shown: the place to return to and whose it is, as the last
    // run left them (navigation/SavedPlace). A transient or unknown location is ignored. A place
    // below home gets home under it in the history, so Back leads there.
    void restorePlace(const std::string& location, const std::string& owner);
    // Sign Out: shows the sign-in view; history and the place to return to are dropped, so the
    // next sign-in, by anyone, starts at home.
    void signedOut();
    // A failure while showing `failed`: show the error view; Try again returns to `failed`.
    void showError();

    const std::string& current() const { return current_; }
    const std::string& returnLocation() const { return returnLocation_; }
    // Whose history and return location these are ("" = nobody's yet): kept with the place.
    const std::string& placesOwner() const { return placesOwner_; }

private:
    void show(const std::string& location);
    void showTransient(const std::string& location);

    Listener listener_;
    std::vector<std::string> history_;
    std::string current_;
    std::string returnLocation_ = home;
    std::string placesOwner_;  // whose history and return location these are; empty: nobody's yet
};

}  // namespace deskauth::app
