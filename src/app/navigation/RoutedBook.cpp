#include "navigation/RoutedBook.h"

namespace deskauth::app {

RoutedBook::RoutedBook(wxWindow* parent) : wxSimplebook(parent, wxID_ANY) {
    router_.setListener([this](const Route& route, const std::string&) { show(route); });
}

void RoutedBook::addRoute(ViewKind view, wxWindow* page, const wxString& title, Shown shown) {
    AddPage(page, title);
    pages_[view] = Page{page, std::move(shown)};
}

void RoutedBook::show(const Route& route) {
    const auto found = pages_.find(route.view);
    if (found == pages_.end()) return;
    ChangeSelection(static_cast<size_t>(FindPage(found->second.window)));
    if (navigated_) navigated_();  // first: it ends what the previous location was waiting for
    if (found->second.shown) found->second.shown(route);
}

}  // namespace deskauth::app
