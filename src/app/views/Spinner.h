#pragma once
// A busy indicator drawn by us: a ring in the theme's text colour with a turning arc, 12 frames
// a second while started. It replaces wxActivityIndicator, whose GTK spinner makes GTK load
// librsvg, libxml2 and ICU (≈ 8 MiB) only to draw one SVG icon (bench/README.md). UI thread only.
#include <wx/timer.h>
#include <wx/window.h>

namespace deskauth::app {

class Spinner final : public wxWindow {
public:
    // `size`: wxDefaultSize gives 16×16 DIP, like GTK's own spinner.
    explicit Spinner(wxWindow* parent, const wxSize& size = wxDefaultSize);

    void Start();
    void Stop();
    bool IsRunning() const { return running_; }

private:
    void onTick();
    void onPaint();

    wxTimer timer_;
    bool running_ = false;
    int frame_ = 0;  // 0 .. framesPerTurn - 1
};

}  // namespace deskauth::app
