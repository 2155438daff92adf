// The floor for a wxWidgets window: a frame of the app's size holding an empty panel, nothing else
// (no POCO, no network, no secret store, no menus). bench/run compares DeskAuth's memory and
// start-up with it. When the window is first painted (shell/PaintWatch, as the app logs it) it
// prints "painted <milliseconds since the Unix epoch>" on stdout. It starts GTK as the app does
// (shell/GlProbe); `bare-wx --gtk-defaults` keeps GTK's OpenGL probe, for comparison.
#include "shell/GlProbe.h"
#include "shell/PaintWatch.h"

#include <wx/frame.h>
#include <wx/panel.h>
#include <wx/wx.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

class BareWxApp final : public wxApp {
public:
    bool OnInit() override {
        deskauth::app::restoreGlSetting();
        auto* frame = new wxFrame(nullptr, wxID_ANY, "bare-wx", wxDefaultPosition, wxSize(980, 640));
        new wxPanel(frame);
        firstPaint_.arm(frame, [] {
            using namespace std::chrono;
            const auto now = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
            std::printf("painted %.3f\n", static_cast<double>(now) / 1000.0);
            std::fflush(stdout);
        });
        frame->Show();
        return true;
    }

private:
    deskauth::app::PaintWatch firstPaint_;
};

}  // namespace

wxIMPLEMENT_APP_NO_MAIN(BareWxApp);

int main(int argc, char** argv) {
    const bool gtkDefaults = argc > 1 && std::string(argv[1]) == "--gtk-defaults";
    if (!gtkDefaults) deskauth::app::skipGlProbe();
    int wxArgc = 1;
    return wxEntry(wxArgc, argv);
}
