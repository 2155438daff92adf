#pragma once
// A view made the first time it is needed (its first navigation, or the first call that fills
// it), so that start-up builds only the view it shows first. Issue 23: before the first paint the
// error view alone cost 51 M instructions (32 M of them GTK's icon theme, for its icon), the
// companies, transactions and device views 57 M more (bench/startup-count, Debug build).
//
// Threads: UI thread only, like every wx window.
#include <functional>
#include <utility>

class wxWindow;

namespace deskauth::app {

template <class View>
class LazyView {
public:
    // `parent`: the window the view will be a child of (the routed book); `made`: runs once, right
    // after the view is made, to connect its intents.
    LazyView(wxWindow* parent, std::function<void(View&)> made) : parent_(parent), made_(std::move(made)) {}
    LazyView(const LazyView&) = delete;
    LazyView& operator=(const LazyView&) = delete;

    // The view, made on the first call. Like every wx child window it is owned (and destroyed) by
    // its parent, never by this.
    View& get() {
        if (view_ == nullptr) {
            view_ = new View(parent_);
            if (made_) made_(*view_);
        }
        return *view_;
    }
    // The view if it was made, else nullptr: for readers that must not make it.
    View* ifMade() const { return view_; }

private:
    wxWindow* parent_;
    std::function<void(View&)> made_;
    View* view_ = nullptr;
};

}  // namespace deskauth::app
