#pragma once
// The book of views that the Router switches: each route's view is a page, registered with what
// to do when it is shown. The book owns the Router, so the page shown always matches the
// location and no page list has to mirror the order the pages were added in.
//
// Threads: UI thread only, like every wx window.
#include "navigation/Router.h"

#include <wx/simplebook.h>

#include <functional>
#include <map>

namespace deskauth::app {

class RoutedBook final : public wxSimplebook {
public:
    using Shown = std::function<void(const Route& route)>;

    explicit RoutedBook(wxWindow* parent);

    // `page` (a child of this book) shows `view`; `shown` runs each time it is navigated to.
    void addRoute(ViewKind view, wxWindow* page, const wxString& title, Shown shown);
    // Runs on every navigation, once the page is selected and before its `shown` runs.
    void onNavigated(std::function<void()> listener) { navigated_ = std::move(listener); }

    Router& router() { return router_; }
    const Router& router() const { return router_; }

private:
    struct Page {
        wxWindow* window = nullptr;
        Shown shown;
    };
    void show(const Route& route);

    Router router_;
    std::map<ViewKind, Page> pages_;
    std::function<void()> navigated_;
};

}  // namespace deskauth::app
