#pragma once
// The book of views that the Router switches: each route's view is a page, registered with what
// to do when it is shown. A page may be made on its first navigation (LazyView): it joins the book
// then. The book owns the Router, so the page shown always matches the
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
    // The route's page (a child of this book); called at each navigation to it, so it may make the
    // page the first time.
    using PageSource = std::function<wxWindow*()>;

    explicit RoutedBook(wxWindow* parent);

    // `page` (a child of this book) shows `view`; `shown` runs each time it is navigated to.
    void addRoute(ViewKind view, wxWindow* page, const wxString& title, Shown shown);
    // The same with a page that `source` gives at its first navigation (and after).
    void addRoute(ViewKind view, PageSource source, const wxString& title, Shown shown);
    // Runs on every navigation, once the page is selected and before its `shown` runs.
    void onNavigated(std::function<void()> listener) { navigated_ = std::move(listener); }

    Router& router() { return router_; }
    const Router& router() const { return router_; }

private:
    struct Page {
        PageSource source;
        wxString title;
        Shown shown;
    };
    void show(const Route& route);

    Router router_;
    std::map<ViewKind, Page> pages_;
    std::function<void()> navigated_;
};

}  // namespace deskauth::app
