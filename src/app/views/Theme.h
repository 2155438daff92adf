#pragma once
// The few colours and fonts the views share, so the app looks like one product.
// Threads: UI thread only (wx colours and fonts).
#include <wx/colour.h>
#include <wx/font.h>
#include <wx/window.h>

namespace deskauth::app::theme {

inline wxColour brand() { return wxColour(0x24, 0x56, 0xC7); }
inline wxColour brandText() { return *wxWHITE; }
inline wxColour muted() { return wxColour(0x5A, 0x64, 0x78); }
inline wxColour errorRed() { return wxColour(0xB0, 0x2A, 0x1F); }

inline wxFont scaled(const wxWindow* window, double factor, bool bold = false) {
    wxFont font = window->GetFont().Scaled(static_cast<float>(factor));
    if (bold) font.MakeBold();
    return font;
}

// US dollars with thousands separators, no cents: "$1,250,000".
wxString dollars(double amount);

}  // namespace deskauth::app::theme
