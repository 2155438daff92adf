#pragma once
// Tells once when a window, or any window inside it, is next painted: the moment a change the user
// waits for reaches the screen. The app logs it (debug) for bench/run's start-up and sign-in
// figures; bench/reference/bare-wx.cpp times its empty window the same way. UI thread only; the
// watched windows must outlive the watch or its firing.
#include <wx/event.h>
#include <wx/window.h>

#include <functional>
#include <vector>

namespace deskauth::app {

class PaintWatch {
public:
    PaintWatch() = default;
    PaintWatch(const PaintWatch&) = delete;
    PaintWatch& operator=(const PaintWatch&) = delete;
    ~PaintWatch() { disarm(); }

    // `painted` runs once, at the next paint event of `root` or of a window inside it (a list's
    // rows are drawn by an inner window). Arming again replaces what was armed before.
    void arm(wxWindow* root, std::function<void()> painted);
    void disarm();

private:
    void watch(wxWindow* window);
    void onPaint(wxPaintEvent& event);

    std::vector<wxWindow*> watched_;
    std::function<void()> painted_;
};

}  // namespace deskauth::app
