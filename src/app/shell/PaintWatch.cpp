#include "shell/PaintWatch.h"

#include <utility>

namespace deskauth::app {

void PaintWatch::arm(wxWindow* root, std::function<void()> painted) {
    disarm();
    painted_ = std::move(painted);
    watch(root);
}

void PaintWatch::watch(wxWindow* window) {
    window->Bind(wxEVT_PAINT, &PaintWatch::onPaint, this);
    watched_.push_back(window);
    for (wxWindow* child : window->GetChildren()) watch(child);
}

void PaintWatch::disarm() {
    for (wxWindow* window : watched_) window->Unbind(wxEVT_PAINT, &PaintWatch::onPaint, this);
    watched_.clear();
    painted_ = nullptr;
}

void PaintWatch::onPaint(wxPaintEvent& event) {
    event.Skip();  // the window paints itself as usual
    auto painted = std::move(painted_);
    disarm();
    if (painted) painted();
}

}  // namespace deskauth::app
