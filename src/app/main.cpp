// Placeholder window until the router and views land (issue 5).
#include <wx/wx.h>

class DeskAuthApp final : public wxApp {
public:
    bool OnInit() override {
        auto* frame = new wxFrame(nullptr, wxID_ANY, "DeskAuth", wxDefaultPosition, wxSize(900, 600));
        new wxStaticText(frame, wxID_ANY, "DeskAuth");
        frame->Show();
        return true;
    }
};

wxIMPLEMENT_APP(DeskAuthApp);
