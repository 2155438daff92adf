#include "navigation/RoutedBook.h"

namespace deskauth::app {

RoutedBook::RoutedBook(wxWindow* parent) : wxSimplebook(parent, wxID_ANY) {
    router_.setListener([this](const Route& route, const std::string&) { show(route); });
}

void RoutedBook::addRoute(ViewKind view, wxWindow* page, const wxString& title, Shown shown) {
    AddPage(page, title);
    addRoute(view, PageSource([page] { return page; }), title, std::move(shown));
}

void RoutedBook::addRoute(ViewKind view, PageSource source, const wxString& title, Shown shown) {
    pages_[view] = Page{std::move(source), title, std::move(shown)};
}

void RoutedBook::show(const Route& route) {
    const auto found = pages_.find(route.view);
    if (found == pages_.end()) return;
    wxWindow* page = found->second.source();
    int index = FindPage(page);
    if (index == wxNOT_FOUND) {  // made just now: it joins the book (which sizes it when selected)
        AddPage(page, found->second.title);
        index = static_cast<int>(GetPageCount()) - 1;
    }
    ChangeSelection(static_cast<size_t>(index));
    if (navigated_) navigated_();  // first: it ends what the previous location was waiting for
    if (found->second.shown) found->second.shown(route);
}

}  // namespace deskauth::app
